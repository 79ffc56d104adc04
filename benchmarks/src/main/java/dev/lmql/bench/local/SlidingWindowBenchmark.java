package dev.lmql.bench.local;

import dev.lmql.backend.local.LocalModel;
import dev.lmql.backend.local.LocalModelOptions;
import dev.lmql.backend.local.RandomLlamaGguf;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * JMH: one token at a long position of a random-weight Gemma 3 model (5 of 6 layers windowed), with a short window
 * and with a window as long as the context (every layer attending to all positions): what windowed attention saves
 * per generated token. The model is written under {@code benchmarks/target/models}.
 * <pre>java --add-modules jdk.incubator.vector -jar benchmarks/target/benchmarks.jar SlidingWindowBenchmark
 *      -f 1 -wi 2 -i 3 -w 1s -r 1s</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SlidingWindowBenchmark {
    private static final RandomLlamaGguf.Shape SHAPE =
            new RandomLlamaGguf.Shape("gemma3-window-bench", 512, 256, 512, 6, 4, 2, 16384);

    /** Window of the sliding-window layers; 16384 (the context) makes them attend everywhere. */
    @Param({"512", "16384"})
    public int window;

    /** Position of the first measured token (the prompt before it is processed once, in setup). */
    @Param({"4096"})
    public int position;

    private LocalModel model;
    private int[] context;
    private int length;

    @Setup(Level.Trial)
    public void load() throws Exception {
        Path dir = Path.of("benchmarks", "target", "models");
        Files.createDirectories(dir);
        Path file = dir.resolve("random-gemma3-window" + window + ".gguf");
        RandomLlamaGguf.write(file, SHAPE, RandomLlamaGguf.Variant.GEMMA3.withSlidingWindow(window), "F32", 7, null);
        model = LocalModel.open("local:" + file.getFileName(), file, new LocalModelOptions(1, null, null, "f32"));
        context = new SplittableRandom(3).ints(SHAPE.contextLength() - 1, 3, SHAPE.vocabSize()).toArray();
        length = position;
        model.nextLogprobs(java.util.Arrays.copyOf(context, length)); // fills the cache up to the first position
    }

    @TearDown(Level.Trial)
    public void close() {
        model.close();
    }

    /** One generated token: the context grows by one from {@link #position} on, so each call runs one position. */
    @Benchmark
    public float nextToken() {
        if (length == context.length) {
            length = position;
        }
        length++;
        return model.nextLogprobs(java.util.Arrays.copyOf(context, length))[0];
    }
}
