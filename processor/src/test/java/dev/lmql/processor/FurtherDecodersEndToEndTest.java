package dev.lmql.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import dev.lmql.Lmql;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Queries with LMQL's beam_var, var and bsseq decoders compile with List return types and run on the random model. */
class FurtherDecodersEndToEndTest {

    @Test
    @SuppressWarnings("unchecked")
    void listReturningQueriesWithTheFurtherDecodersCompileAndRun() throws Exception {
        Compilation compilation = Compilations.compile("Ideas", """
                public interface Ideas {
                    @Query(value = "Idea about {topic}:[IDEA]", where = "STOPS_AT(IDEA, \\".\\") and len(TOKENS(IDEA)) < 5",
                           decoder = "beam_var(n=3)")
                    List<String> ideas(String topic);

                    @Query(value = "Pick one:[PICK]", where = "PICK in [\\" tea\\", \\" coffee\\", \\" water\\"]",
                           decoder = "var(b=2, subdecoder=\\"beam\\")")
                    List<String> picks();

                    @Query(value = "Best:[BEST]", where = "BEST in [\\" a\\", \\" b\\"]", decoder = "bsseq(b=2)")
                    List<String> best();
                }
                """);
        assertThat(compilation).succeededWithoutWarnings();
        Class<?> iface = new CompiledClassLoader(compilation).loadClass("com.example.Ideas");
        Object ideas = Lmql.create(iface, Lmql.model("random", Map.of("seed", 1)));
        List<String> three = (List<String>) method(iface, "ideas").invoke(ideas, "tea");
        assertThat(three).hasSize(3).doesNotHaveDuplicates();
        for (String idea : three) {
            assertThat(idea.indexOf('.')).isIn(-1, idea.length() - 1);
        }
        assertThat((List<String>) method(iface, "picks").invoke(ideas)).hasSize(2)
                .allSatisfy(p -> assertThat(p).isIn(" tea", " coffee", " water"));
        // two tokenizations of one value are two hypotheses (as in LMQL), so values may repeat
        assertThat((List<String>) method(iface, "best").invoke(ideas)).hasSize(2)
                .allSatisfy(p -> assertThat(p).isIn(" a", " b"));
    }

    @Test
    void varKeepingOneHypothesisCannotFillAList() {
        Compilation compilation = Compilations.compile("One", """
                public interface One {
                    @Query(value = "Best:[BEST]", decoder = "var(b=3, n=1)")
                    List<String> best();
                }
                """);
        assertThat(compilation).hadErrorContaining("best() returns a List, but its decoder 'var(b=3, n=1)' produces a "
                + "single result");
    }

    private static Method method(Class<?> iface, String name) {
        for (Method m : iface.getMethods()) {
            if (m.getName().equals(name)) {
                return m;
            }
        }
        throw new AssertionError("no method " + name);
    }
}
