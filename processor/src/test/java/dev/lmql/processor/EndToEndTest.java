package dev.lmql.processor;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.lmql.Distribution;
import dev.lmql.LLM;
import dev.lmql.Lmql;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The representative interfaces compiled by javac with the processor and the real runtime, then run on the
 * deterministic {@code random} model: every return-type mapping produces a value the return type allows.
 */
class EndToEndTest {

    private static ClassLoader classes;

    @BeforeAll
    static void compileInterfaces() {
        Compilation compilation = Compilations.compile(
                JavaFileObjects.forResource("interfaces/com/example/Assistant.java"),
                JavaFileObjects.forResource("interfaces/com/example/Advanced.java"));
        com.google.testing.compile.CompilationSubject.assertThat(compilation).succeededWithoutWarnings();
        classes = new CompiledClassLoader(compilation);
    }

    private static LLM random() {
        return Lmql.model("random", Map.of("seed", 1));
    }

    private static Object create(String iface, LLM model) throws ClassNotFoundException {
        return Lmql.create(classes.loadClass(iface), model);
    }

    private static Object call(Object target, String name, Object... args) throws Exception {
        Method method = Arrays.stream(target.getClass().getInterfaces()[0].getMethods())
                .filter(m -> m.getName().equals(name) && m.getParameterCount() == args.length)
                .findFirst().orElseThrow();
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw (Exception) e.getCause();
        }
    }

    @Test
    void lmqlCreateFindsTheGeneratedClassesByName() throws Exception {
        assertThat(create("com.example.Assistant", random()).getClass().getName()).isEqualTo("com.example.AssistantLmql");
        assertThat(create("com.example.Assistant$Tools", random()).getClass().getName())
                .isEqualTo("com.example.Assistant_ToolsLmql");
    }

    @Test
    void distributionOverEnumLabelsMapsToConstants() throws Exception {
        Distribution<?> judgement = (Distribution<?>) call(create("com.example.Advanced", random()), "judge",
                "water is wet");
        assertThat(judgement.entries()).hasSize(3);
        assertThat(judgement.entries().stream().mapToDouble(Distribution.Entry::probability).sum())
                .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(judgement.mostLikely()).isInstanceOf(Enum.class);
        Distribution<?> rating = (Distribution<?>) call(create("com.example.Advanced", random()), "rate", "tea");
        List<Object> ratings = new ArrayList<>();
        rating.entries().forEach(entry -> ratings.add(entry.value()));
        assertThat(ratings).containsExactlyInAnyOrder(1, 2, 3);
    }

    @Test
    void distributionValuesFromAParameterGiveTheMostLikelyValue() throws Exception {
        Object choice = call(create("com.example.Advanced", random()), "pick", List.of("red", "green"));
        assertThat(choice).isIn("red", "green");
    }
}
