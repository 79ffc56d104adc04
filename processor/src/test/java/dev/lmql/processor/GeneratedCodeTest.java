package dev.lmql.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Generated code compiles cleanly under all javac lint checks, also for unusual signatures. */
class GeneratedCodeTest {

    @Test
    void unusualSignaturesCompileWithoutLintWarnings() {
        Compilation compilation = Compilations.compileWithOptions(List.of("--release", "17", "-Xlint:all,-processing",
                "-Werror"), Compilations.source("Unusual", """
                public interface Unusual {
                    enum Size { S, M, L }

                    @Query(value = "Pick one of {items}: [ITEM]", where = "ITEM in items")
                    String pick(String... items);

                    @Query("Say [X]")
                    String say();

                    @Query("Say {model} [X]")
                    String say(String model);

                    @Query(value = "Size: [SIZE]", decoder = "sample(n=2)")
                    CompletableFuture<List<Size>> sizes();

                    @Query("Maybe: [M]")
                    Optional<Size> maybe();
                }
                """));
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("com.example.UnusualLmql")
                .contentsAsUtf8String().contains("public String pick(String... items)");
    }
}
