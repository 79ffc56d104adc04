package dev.lmql.processor;

import static org.assertj.core.api.Assertions.assertThat;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The generated source of representative interfaces, compared character by character with golden files under
 * {@code src/test/resources/golden/}. Regenerate them with {@code -Dlmql.golden.update=true} and review the diff.
 */
class GoldenFileTest {

    private static final Path GOLDEN = Path.of("src/test/resources/golden");

    @ParameterizedTest
    @CsvSource({
        "interfaces/com/example/Assistant.java, com.example.AssistantLmql",
        "interfaces/com/example/Assistant.java, com.example.Assistant_ToolsLmql",
        "interfaces/com/example/Advanced.java, com.example.AdvancedLmql",
    })
    void generatedSourceMatchesGoldenFile(String input, String generatedClass) throws IOException {
        String generated = generate(input, generatedClass);
        Path golden = GOLDEN.resolve(generatedClass.replace('.', '/') + ".java");
        if (Boolean.getBoolean("lmql.golden.update")) {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, generated);
        }
        assertThat(golden).as("golden file; create it with -Dlmql.golden.update=true").exists();
        assertThat(generated).isEqualTo(Files.readString(golden));
    }

    @ParameterizedTest
    @CsvSource({"interfaces/com/example/Assistant.java, com.example.AssistantLmql"})
    void generationIsDeterministic(String input, String generatedClass) throws IOException {
        assertThat(generate(input, generatedClass)).isEqualTo(generate(input, generatedClass));
    }

    /**
     * Runs javac's annotation processing only (real javac, real files) and reads the generated source. Works
     * without the runtime facade on the class path, since the generated code is written but not compiled.
     */
    static String generate(String input, String generatedClass) throws IOException {
        Path work = Files.createTempDirectory("lmql-golden");
        Path generatedDir = Files.createDirectories(work.resolve("generated"));
        Path source = Path.of("src/test/resources").resolve(input);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, UTF_8)) {
            JavaCompiler.CompilationTask task = javac.getTask(null, files, diagnostics,
                    List.of("--release", "17", "-proc:only", "-s", generatedDir.toString(),
                            "-classpath", System.getProperty("java.class.path")),
                    null, files.getJavaFileObjects(source));
            task.setProcessors(List.of(new LmqlProcessor()));
            task.call();
        }
        Path file = generatedDir.resolve(generatedClass.replace('.', '/') + ".java");
        if (!Files.exists(file)) {
            throw new AssertionError("no " + generatedClass + " generated; diagnostics: " + diagnostics.getDiagnostics());
        }
        return Files.readString(file);
    }
}
