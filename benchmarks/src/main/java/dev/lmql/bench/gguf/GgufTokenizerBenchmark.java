package dev.lmql.bench.gguf;

import dev.lmql.backend.local.GgufTokenizers;
import dev.lmql.backend.local.gguf.GgufFile;
import dev.lmql.tokenizer.Tokenizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * GGUF tokenizers on llama.cpp's tokenizer test text (46 cases, 1.9 KB, many scripts and emoji):
 * {@code encode}/{@code decode} of the whole text per operation, and loading a vocabulary from its GGUF file.
 * Models are found through {@code -Dlmql.shared.models=...}, {@code LMQL_MODEL_PATH}, or {@code ../shared/models}.
 * Tokens per operation are printed at setup, so tokens/s = ops/s x tokens/op.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class GgufTokenizerBenchmark {
    @Param({"ggml-vocab-llama-spm.gguf", "ggml-vocab-gpt-2.gguf"})
    public String vocab;

    private Path vocabFile;
    private Tokenizer tokenizer;
    private String text;
    private int[] tokens;

    @Setup
    public void setup() throws IOException {
        Path dir = modelsDir().resolve("vocab");
        vocabFile = dir.resolve(vocab);
        tokenizer = GgufTokenizers.fromGguf(GgufFile.open(vocabFile));
        text = Files.readString(dir.resolve(vocab + ".inp"), StandardCharsets.UTF_8).replace("\n__ggml_vocab_test__\n", "\n");
        tokens = tokenizer.encode(text);
        System.out.println("\n" + vocab + ": " + text.length() + " chars -> " + tokens.length + " tokens per op");
    }

    @Benchmark
    public int[] encode() {
        return tokenizer.encode(text);
    }

    @Benchmark
    public byte[] decode() {
        return tokenizer.decodeBytes(tokens);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Tokenizer loadVocabulary() throws IOException {
        return GgufTokenizers.fromGguf(GgufFile.open(vocabFile));
    }

    static Path modelsDir() {
        String prop = System.getProperty("lmql.shared.models");
        if (prop != null) {
            return Path.of(prop);
        }
        String env = System.getenv("LMQL_MODEL_PATH");
        if (env != null) {
            for (String part : env.split(java.io.File.pathSeparator)) {
                if (Files.isDirectory(Path.of(part, "vocab"))) {
                    return Path.of(part);
                }
            }
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("../shared/models").normalize();
            if (Files.isDirectory(candidate.resolve("vocab"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("shared models not found: pass -Dlmql.shared.models=/path/to/shared/models");
    }
}
