package dev.lmql.bench.local;

import dev.lmql.backend.local.LocalModel;
import dev.lmql.backend.local.LocalModelOptions;
import dev.lmql.backend.local.gguf.GgmlType;
import dev.lmql.constraint.ConstraintState;
import dev.lmql.constraint.Constraints;
import dev.lmql.constraint.TokenConstraint;
import dev.lmql.constraint.TokenMask;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A throughput harness for the local engine: prompt tokens/s (a fresh prompt processed in batches), generated
 * tokens/s (greedy, one token per forward pass, log-softmax included) and, under a constraint, the time per token
 * spent computing the mask versus in the forward pass.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar dev.lmql.bench.local.LocalThroughput \
 *      ../shared/models [threads...] [--generated 0.5B:Q8_0,0.5B:Q4_0,1.1B:Q4_K]
 * </pre>
 * Generated models are written to {@code benchmarks/target/models/} on first use.
 */
public final class LocalThroughput {
    private LocalThroughput() {
    }

    public static void main(String[] args) throws Exception {
        Path models = Path.of(args.length > 0 ? args[0] : "../shared/models");
        List<Integer> threads = new ArrayList<>();
        List<String> generated = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--generated")) {
                generated.addAll(Arrays.asList(args[++i].split(",")));
            } else {
                threads.add(Integer.parseInt(args[i]));
            }
        }
        if (threads.isEmpty()) {
            threads = List.of(1, 2);
        }
        System.out.printf(Locale.ROOT, "vector API: %s%n", vectorState());
        warmUp(models.resolve("stories260K.gguf"));
        for (int t : threads) {
            measure(models.resolve("stories260K.gguf"), t, 128, 256, 10, 5);
            measure(models.resolve("llama-2-tiny-random.gguf"), t, 128, 256, 10, 5);
        }
        Path dir = Path.of("benchmarks/target/models");
        for (String spec : generated) {
            String[] p = spec.split(":");
            RandomLlamaModels.Shape shape = p[0].equals("1.1B") ? RandomLlamaModels.ONE_B : RandomLlamaModels.HALF_B;
            long start = System.nanoTime();
            Path file = RandomLlamaModels.write(shape, GgmlType.valueOf(p[1]), models.resolve("llama-2-tiny-random.gguf"),
                    dir);
            System.out.printf(Locale.ROOT, "generated %s (%,d bytes) in %.1f s%n", file.getFileName(), Files.size(file),
                    (System.nanoTime() - start) / 1e9);
            for (int t : threads) {
                measure(file, t, 64, 8, 1, 1);
            }
        }
    }

    /**
     * Runs the forward pass, log-softmax and masks unmeasured for a few seconds, so that the first measured
     * configuration does not pay for the JIT compiling them (it otherwise reads half the steady-state speed).
     */
    private static void warmUp(Path stories) throws Exception {
        long until = System.nanoTime() + 5_000_000_000L;
        try (LocalModel model = LocalModel.open("local:warm-up", stories, new LocalModelOptions(1, null, null, "f32"))) {
            int[] prompt = new int[128];
            prompt[0] = 1;
            for (int i = 1; i < prompt.length; i++) {
                prompt[i] = 3 + i;
            }
            while (System.nanoTime() < until) {
                float[] lp = model.nextLogprobs(prompt);
                int[] ctx = Arrays.copyOf(prompt, prompt.length + 64);
                for (int i = 0; i < 64; i++) {
                    ctx[prompt.length + i] = argmax(lp);
                    lp = model.nextLogprobs(Arrays.copyOf(ctx, prompt.length + i + 1));
                }
                prompt[1]++;
                maskVersusForward(model, 16, false);
            }
        }
    }

    private static String vectorState() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() ? "module present" : "absent";
    }

    /**
     * Best of {@code rounds} measured rounds after {@code warmups} unmeasured ones: the tiny models need several
     * warm-up rounds before the JIT has compiled the whole forward pass.
     */
    static void measure(Path file, int threads, int promptTokens, int genTokens, int warmups, int rounds)
            throws Exception {
        try (LocalModel model = LocalModel.open("local:" + file.getFileName(), file,
                new LocalModelOptions(threads, null, null, "f32"))) {
            int vocab = model.tokenizer().vocabSize();
            SplittableRandom rnd = new SplittableRandom(1);
            double bestPrompt = 0;
            double bestGen = 0;
            double bestPromptCpu = 0;
            double bestGenCpu = 0;
            for (int round = 1 - warmups; round <= rounds; round++) { // rounds up to 0 warm up
                int[] prompt = new int[promptTokens];
                prompt[0] = model.tokenizer().bos().orElse(1);
                for (int i = 1; i < prompt.length; i++) {
                    prompt[i] = 3 + rnd.nextInt(vocab - 3);
                }
                long c0 = cpuNanos();
                long t0 = System.nanoTime();
                float[] lp = model.nextLogprobs(prompt);
                long t1 = System.nanoTime();
                long c1 = cpuNanos();
                int[] ctx = Arrays.copyOf(prompt, prompt.length + genTokens);
                for (int i = 0; i < genTokens; i++) {
                    ctx[prompt.length + i] = argmax(lp);
                    lp = model.nextLogprobs(Arrays.copyOf(ctx, prompt.length + i + 1));
                }
                long t2 = System.nanoTime();
                long c2 = cpuNanos();
                if (round > 0) {
                    bestPrompt = Math.max(bestPrompt, promptTokens / ((t1 - t0) / 1e9));
                    bestGen = Math.max(bestGen, genTokens / ((t2 - t1) / 1e9));
                    bestPromptCpu = Math.max(bestPromptCpu, promptTokens / ((c1 - c0) / 1e9));
                    bestGenCpu = Math.max(bestGenCpu, genTokens / ((c2 - c1) / 1e9));
                }
            }
            System.out.printf(Locale.ROOT, "%-32s threads=%d  prompt %,9.1f tok/s  generation %,9.1f tok/s   (per CPU"
                    + " second of all engine threads: prompt %,9.1f, generation %,9.1f)%n",
                    file.getFileName(), threads, bestPrompt, bestGen, bestPromptCpu, bestGenCpu);
            maskVersusForward(model, genTokens, true);
        }
    }

    private static long threadCpu() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    /**
     * Greedy decoding under a free-text regex: CPU time per token of the calling thread in the mask (computing it
     * and picking the best allowed token) and in the forward pass (all of it with threads=1).
     */
    static void maskVersusForward(LocalModel model, int tokens, boolean print) {
        TokenConstraint c = Constraints.regex("[a-zA-Z ,.]{1,400}").compile(model.tokenizer());
        int[] prompt = {model.tokenizer().bos().orElse(1)};
        long maskNanos = 0;
        long forwardNanos = 0;
        int steps = 0;
        for (int round = 0; round < 2; round++) {
            ConstraintState state = c.start();
            int[] ctx = Arrays.copyOf(prompt, 1 + tokens);
            maskNanos = 0;
            forwardNanos = 0;
            steps = 0;
            for (int i = 0; i < tokens && !state.isComplete(); i++) {
                long t0 = threadCpu();
                TokenMask mask = state.allowedTokens();
                long t1 = threadCpu();
                float[] lp = model.nextLogprobs(Arrays.copyOf(ctx, 1 + i));
                long t2 = threadCpu();
                int best = -1;
                for (int id : mask.toArray()) {
                    if (best < 0 || lp[id] > lp[best]) {
                        best = id;
                    }
                }
                long t3 = threadCpu();
                maskNanos += (t1 - t0) + (t3 - t2);
                forwardNanos += t2 - t1;
                if (best < 0) {
                    break;
                }
                state = state.advance(best);
                ctx[1 + i] = best;
                steps++;
            }
        }
        if (print) {
            System.out.printf(Locale.ROOT, "%-32s   per token (CPU): mask %,8.1f us, forward %,8.1f us (%d tokens)%n",
                    "", maskNanos / 1e3 / steps, forwardNanos / 1e3 / steps, steps);
        }
    }

    /** CPU time of every live thread (the engine's pool included): robust against other load on the machine. */
    private static long cpuNanos() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (long id : mx.getAllThreadIds()) {
            long t = mx.getThreadCpuTime(id);
            if (t > 0) {
                sum += t;
            }
        }
        return sum;
    }

    private static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
