package dev.lmql.bench.local;

import dev.lmql.backend.local.LocalModel;
import dev.lmql.backend.local.LocalModelOptions;
import java.nio.file.Path;
import java.util.Arrays;
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
 * JMH: one generated token (a forward pass of one token plus the log-softmax) and a 64-token prompt on
 * stories260K.gguf. Models directory: {@code -Dlmql.models=...} (default {@code ../shared/models}).
 * <pre>java --add-modules jdk.incubator.vector -jar benchmarks/target/benchmarks.jar LocalEngineBenchmark
 *      -f 1 -wi 2 -i 3 -w 1s -r 1s</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LocalEngineBenchmark {
    @Param({"1", "2"})
    public int threads;

    private LocalModel model;
    private int[] context;
    private int length;
    private int promptCounter;

    @Setup(Level.Trial)
    public void load() throws Exception {
        Path file = Path.of(System.getProperty("lmql.models", "../shared/models"), "stories260K.gguf");
        model = LocalModel.open("local:stories260K.gguf", file, new LocalModelOptions(threads, null, null, "f32"));
        context = new int[512];
        resetContext();
    }

    private void resetContext() {
        int[] prompt = {1, 403, 407, 261, 378};
        System.arraycopy(prompt, 0, context, 0, prompt.length);
        length = prompt.length;
    }

    @TearDown(Level.Trial)
    public void close() {
        model.close();
    }

    /** Tokens generated per second (greedy, KV cache reused). */
    @Benchmark
    public int generateToken() {
        if (length == context.length) {
            resetContext();
        }
        float[] lp = model.nextLogprobs(Arrays.copyOf(context, length));
        int best = 0;
        for (int i = 1; i < lp.length; i++) {
            if (lp[i] > lp[best]) {
                best = i;
            }
        }
        context[length++] = best;
        return best;
    }

    /** 64-token prompts per second (multiply by 64 for prompt tokens per second). */
    @Benchmark
    public float prompt64() {
        int[] prompt = new int[64];
        prompt[0] = 1;
        promptCounter++;
        for (int i = 1; i < prompt.length; i++) {
            prompt[i] = 3 + (promptCounter * 31 + i * 7) % 500; // a new prompt each time: no cache reuse
        }
        return model.nextLogprobs(prompt)[0];
    }
}
