package dev.lmql.bench.processor;

import dev.lmql.processor.LmqlProcessor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.annotation.processing.Processor;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * javac time for an interface with many {@code @Query} methods, with and without the LMQL processor. "With"
 * includes validating every query, writing the implementation and compiling it; the ratio of the two scores is
 * the processor's cost. Run: {@code java -jar benchmarks/target/benchmarks.jar ProcessorCompileBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ProcessorCompileBenchmark {

    @Param("200")
    public int methods;

    private Path source;
    private Path work;
    private final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();

    @Setup
    public void writeInterface() throws IOException {
        work = Files.createTempDirectory("lmql-javac-bench");
        Path packageDir = Files.createDirectories(work.resolve("src/bench"));
        source = packageDir.resolve("Queries.java");
        Files.writeString(source, QueriesSource.generate(methods), StandardCharsets.UTF_8);
    }

    @Benchmark
    public int javacWithoutProcessor() throws IOException {
        return compile(List.of());
    }

    @Benchmark
    public int javacWithProcessor() throws IOException {
        return compile(List.of(new LmqlProcessor()));
    }

    /** Validation and generation alone ({@code -proc:only}): the processor's share of the "with" score. */
    @Benchmark
    public int processingOnly() throws IOException {
        return compile(List.of(new LmqlProcessor()), "-proc:only");
    }

    private int compile(List<Processor> processors, String... extraOptions) throws IOException {
        Path classes = Files.createTempDirectory(work, "classes");
        Path generated = Files.createTempDirectory(work, "generated");
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            List<String> options = new ArrayList<>(List.of("--release", "17", "-d", classes.toString(),
                    "-s", generated.toString(), "-classpath", System.getProperty("java.class.path")));
            if (processors.isEmpty()) {
                options.add("-proc:none");
            }
            options.addAll(List.of(extraOptions));
            JavaCompiler.CompilationTask task = javac.getTask(null, files, diagnostics, options, null,
                    files.getJavaFileObjects(source));
            task.setProcessors(processors);
            if (!task.call()) {
                throw new IllegalStateException("benchmark source did not compile: " + diagnostics.getDiagnostics());
            }
        }
        Path output = extraOptions.length == 0 ? classes.resolve("bench") : generated.resolve("bench");
        try (var paths = Files.list(output)) {
            return (int) paths.count();
        }
    }
}
