package dev.lmql.backend.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lmql.backend.local.RandomLlamaGguf.Llama3Rope;
import dev.lmql.backend.local.RandomLlamaGguf.Shape;
import dev.lmql.backend.local.RandomLlamaGguf.Variant;
import dev.lmql.backend.local.gguf.GgufFile;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Family members and RoPE scalings on tiny random F32 models written by {@link RandomLlamaGguf}: the engine's logits
 * at every position against a plain double-precision forward pass written here from llama.cpp's formulas (its
 * {@code rope_yarn} for the angles), which reads the weights straight from the file's F32 bytes.
 */
class LlamaFamilyTest {
    private static final Shape SHAPE = new Shape("family", 300, 64, 96, 2, 4, 2, 128);
    private static final Shape SIX_LAYERS = new Shape("family6", 300, 64, 96, 6, 4, 2, 128);
    private static final Llama3Rope SHORT_LLAMA3 = new Llama3Rope(4f, 1f, 4f, 64);

    @TempDir
    Path tmp;

    static Stream<Arguments> variants() {
        return Stream.of(
                Arguments.of("llama", Variant.LLAMA, SHAPE, 128),
                Arguments.of("llama tied, random norms", Variant.LLAMA.with(true, true), SHAPE, 128),
                Arguments.of("llama linear x2", Variant.LLAMA.withRopeScaling("linear", 2f, 0), SHAPE, 128),
                Arguments.of("llama 3.1 rope_freqs", Variant.LLAMA.with(false, true).withLlama3Rope(SHORT_LLAMA3),
                        SHAPE, 128),
                Arguments.of("llama yarn x4", Variant.LLAMA.withRopeScaling("yarn", 4f, 4096), SHAPE, 128),
                Arguments.of("qwen2 yarn x4", Variant.QWEN2.with(false, true).withRopeScaling("yarn", 4f, 4096),
                        SHAPE, 128),
                Arguments.of("qwen3", Variant.QWEN3.with(true, true), SHAPE, 128),
                Arguments.of("qwen3 key_length 24", Variant.QWEN3.with(true, true).withKeyLength(24), SHAPE, 128),
                Arguments.of("qwen3 key_length 24 yarn x2",
                        Variant.QWEN3.with(false, true).withKeyLength(24).withRopeScaling("yarn", 2f, 1024), SHAPE, 128),
                Arguments.of("smollm3 (layer 4 without RoPE)", Variant.SMOLLM3.with(false, true), SIX_LAYERS, 128),
                Arguments.of("phi3", Variant.PHI3.with(false, true), SHAPE, 128),
                Arguments.of("phi3 longrope, long factors", Variant.PHI3.with(false, true)
                        .withRopeScaling("longrope", 1f, 64), SHAPE, 128),
                Arguments.of("phi3 longrope, short factors", Variant.PHI3.with(false, true)
                        .withRopeScaling("longrope", 1f, 64), SHAPE, 64),
                Arguments.of("olmo2", Variant.OLMO2.with(false, true), SHAPE, 128),
                Arguments.of("granite (scales)", Variant.GRANITE.with(true, true), SHAPE, 128),
                Arguments.of("exaone", new Variant("exaone", 0, false, false, false, true, "none", 1f, 0, null)
                        .withLlama3Rope(SHORT_LLAMA3), SHAPE, 128),
                Arguments.of("gemma", Variant.GEMMA.with(true, true).withKeyLength(24), SHAPE, 128),
                Arguments.of("gemma3 (5 local + 1 global layer, linear x8)", Variant.GEMMA3.with(true, true)
                        .withRopeScaling("linear", 8f, 0), SIX_LAYERS, 128),
                // windows shorter than the 40 test tokens: 8 cuts into the 30-token batch and every later step; 35
                // holds the batch and is crossed by the single-token steps
                Arguments.of("gemma3 window 8, final soft-capping 2", Variant.GEMMA3.with(true, true)
                        .withRopeScaling("linear", 8f, 0).withSlidingWindow(8).withSoftcaps(0f, 2f), SIX_LAYERS, 128),
                Arguments.of("gemma3 window 35", Variant.GEMMA3.with(true, true).withSlidingWindow(35), SIX_LAYERS,
                        128),
                Arguments.of("olmo3 (olmo2, window 8 on 3 of 4 layers)", Variant.OLMO2.with(false, true)
                        .withSlidingWindow(8), SIX_LAYERS, 128),
                Arguments.of("gemma2 (window 8 on even layers, soft-capping 0.5 / 2)", Variant.GEMMA2.with(true, true)
                        .withKeyLength(24).withSlidingWindow(8).withSoftcaps(0.5f, 2f), SIX_LAYERS, 128),
                Arguments.of("gemma2 window 35, published soft-capping 50 / 30, yarn x2", Variant.GEMMA2
                        .with(false, true).withSlidingWindow(35).withRopeScaling("yarn", 2f, 64), SIX_LAYERS, 128));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void engineMatchesTheReferenceForwardPass(String name, Variant variant, Shape shape, int contextLength)
            throws Exception {
        Path file = tmp.resolve("m.gguf");
        RandomLlamaGguf.write(file, shape, variant, "F32", name.hashCode(), null);
        GgufFile gguf = GgufFile.open(file);
        int[] tokens = new SplittableRandom(5).ints(40, 0, shape.vocabSize()).toArray();
        int vocab = shape.vocabSize();
        float[] logits;
        try (ParallelRunner parallel = new ParallelRunner(2)) {
            Transformer t = new Transformer(LlamaLoader.load(gguf), parallel, contextLength);
            logits = batchThenSingleSteps(t, new KvCache(t.config(), 64, false), tokens);
        }
        double[][] expected = new Reference(gguf, shape, variant, contextLength).logits(tokens);
        for (int pos = 0; pos < tokens.length; pos++) {
            for (int v = 0; v < vocab; v++) {
                assertThat((double) logits[pos * vocab + v]).as("%s position %d token %d", name, pos, v)
                        .isCloseTo(expected[pos][v], within(1e-4));
            }
        }
        // llama.cpp's numerics (f16 cache and activations) take the same graph: close, up to f16 rounding
        try (ParallelRunner parallel = new ParallelRunner(2)) {
            Transformer t = new Transformer(LlamaLoader.load(gguf), parallel, contextLength);
            float[] half = batchThenSingleSteps(t, new KvCache(t.config(), 64, true), tokens);
            for (int i = 0; i < half.length; i++) {
                assertThat(half[i]).as("%s f16 mode, logit %d", name, i).isCloseTo(logits[i], within(0.05f));
            }
        }
    }

    /**
     * Logits at every position from a 30-token batch, then token by token: angles depend on absolute positions across
     * calls, and windows must follow each batch row and each step.
     */
    private static float[] batchThenSingleSteps(Transformer t, KvCache cache, int[] tokens) {
        int vocab = t.config().vocabSize();
        float[] logits = Arrays.copyOf(t.forward(cache, 0, tokens, 0, 30, 0), tokens.length * vocab);
        for (int pos = 30; pos < tokens.length; pos++) {
            System.arraycopy(t.forward(cache, pos, tokens, pos, pos + 1, pos), 0, logits, pos * vocab, vocab);
        }
        return logits;
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"Q8_0", "Q4_K"})
    void phi3FusedTensorsSplitIntoRowBlocksOfAnyType(String type) throws Exception {
        Shape shape = new Shape("phi3q", 300, 256, 512, 1, 4, 2, 64);
        Path file = tmp.resolve("phi3-" + type + ".gguf");
        RandomLlamaGguf.write(file, shape, Variant.PHI3, type, 3, null);
        GgufFile gguf = GgufFile.open(file);
        LayerWeights w = LlamaLoader.load(gguf).layers()[0];
        WeightMatrix qkv = WeightMatrices.create(type, gguf.tensorData("blk.0.attn_qkv.weight"), 256 + 2 * 128, 256, "qkv");
        WeightMatrix gateUp = WeightMatrices.create(type, gguf.tensorData("blk.0.ffn_up.weight"), 2 * 512, 256, "up");
        assertThat(rowOf(w.wq(), 255)).containsExactly(rowOf(qkv, 255));
        assertThat(rowOf(w.wk(), 0)).containsExactly(rowOf(qkv, 256));
        assertThat(rowOf(w.wv(), 127)).containsExactly(rowOf(qkv, 256 + 128 + 127));
        assertThat(rowOf(w.gate(), 511)).containsExactly(rowOf(gateUp, 511));
        assertThat(rowOf(w.up(), 0)).containsExactly(rowOf(gateUp, 512));
        float[] x = new float[256];
        Arrays.fill(x, 0.5f);
        assertThat(w.up().dot(3, x, 0)).isEqualTo(gateUp.dot(515, x, 0));
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"smollm3", "qwen3", "phi3", "gemma", "gemma2", "gemma3", "granite", "exaone", "olmo2"})
    void everyFamilyMemberRunsThroughLocalModel(String arch) throws Exception {
        Variant variant = new Variant(arch, 0, false, List.of("qwen3", "gemma3", "olmo2").contains(arch), false, true,
                "none", 1f, 0, null);
        Path file = tmp.resolve(arch + ".gguf");
        RandomLlamaGguf.write(file, SIX_LAYERS, variant, "Q8_0", 9, null);
        try (LocalModel model = LocalModel.open("local:" + file.getFileName(), file, LocalModelOptions.defaults())) {
            assertThat(model.identity()).containsEntry("architecture", arch);
            // sliding-window models too run their whole trained context
            assertThat(model.contextLength()).isEqualTo(128);
            float[] logprobs = model.nextLogprobs(new int[] {1, 270, 280, 290});
            double total = 0;
            for (float lp : logprobs) {
                assertThat(Float.isFinite(lp)).isTrue();
                total += Math.exp(lp);
            }
            assertThat(total).isCloseTo(1.0, within(1e-3));
        }
    }

    @Test
    void aFusedQkvTensorEqualsTheSeparateOnes() throws Exception {
        Path separate = tmp.resolve("qwen2.gguf");
        RandomLlamaGguf.write(separate, SHAPE, Variant.QWEN2.with(false, true), "F32", 4, null);
        GgufFile src = GgufFile.open(separate);
        Path fused = tmp.resolve("qwen2-fused.gguf");
        dev.lmql.backend.local.gguf.GgufWriter w = new dev.lmql.backend.local.gguf.GgufWriter().putAll(src.metadata());
        for (dev.lmql.backend.local.gguf.GgufTensorInfo t : src.tensors()) {
            String name = t.name();
            if (name.matches("blk\\.\\d+\\.attn_[qkv]\\.(weight|bias)")) {
                if (name.contains("attn_q.")) {
                    String p = name.substring(0, name.indexOf("attn_q."));
                    String kind = name.endsWith("weight") ? "weight" : "bias";
                    byte[] all = concat(src, p + "attn_q." + kind, p + "attn_k." + kind, p + "attn_v." + kind);
                    long rows = 64 + 2 * 32;
                    w.addTensor(p + "attn_qkv." + kind, t.type(),
                            kind.equals("weight") ? new long[] {64, rows} : new long[] {rows}, all);
                }
                continue;
            }
            w.addTensor(name, t.type(), t.dimensions(), bytes(src, name));
        }
        w.write(fused);
        int[] tokens = {1, 7, 200, 31, 99};
        try (ParallelRunner parallel = new ParallelRunner(1)) {
            Transformer a = new Transformer(LlamaLoader.load(src), parallel);
            Transformer b = new Transformer(LlamaLoader.load(GgufFile.open(fused)), parallel);
            float[] la = a.forward(new KvCache(a.config(), 16, false), 0, tokens, 0, tokens.length, 0);
            float[] lb = b.forward(new KvCache(b.config(), 16, false), 0, tokens, 0, tokens.length, 0);
            assertThat(lb).containsExactly(la);
        }
    }

    @Test
    void olmo3SlidingWindowLayersMatchThePlainModelOnlyWithinTheWindow() throws Exception {
        Path plain = tmp.resolve("olmo2.gguf");
        RandomLlamaGguf.write(plain, SIX_LAYERS, Variant.OLMO2.with(false, true), "F32", 6, null);
        Path windowed = tmp.resolve("olmo3.gguf");
        RandomLlamaGguf.write(windowed, SIX_LAYERS, Variant.OLMO2.with(false, true).withSlidingWindow(16), "F32", 6,
                null);
        int vocab = SIX_LAYERS.vocabSize();
        int[] tokens = new SplittableRandom(2).ints(17, 0, vocab).toArray();
        try (ParallelRunner parallel = new ParallelRunner(1)) {
            Transformer a = new Transformer(LlamaLoader.load(GgufFile.open(plain)), parallel);
            Transformer b = new Transformer(LlamaLoader.load(GgufFile.open(windowed)), parallel);
            assertThat(b.config().traits().slidingWindowLayer(2)).isTrue();
            assertThat(b.config().traits().slidingWindowLayer(3)).isFalse();
            // unscaled RoPE everywhere: local and global layers rotate alike, so within the window nothing differs
            float[] la = a.forward(new KvCache(a.config(), 32, false), 0, tokens, 0, 17, 0);
            KvCache cache = new KvCache(b.config(), 32, false);
            float[] lb = b.forward(cache, 0, tokens, 0, 16, 0);
            assertThat(lb).containsExactly(Arrays.copyOf(la, 16 * vocab));
            // position 16 no longer sees position 0 in the windowed layers
            float[] step = b.forward(cache, 16, tokens, 16, 17, 16);
            float[] unwindowed = Arrays.copyOfRange(la, 16 * vocab, 17 * vocab);
            double largest = 0;
            for (int v = 0; v < vocab; v++) {
                largest = Math.max(largest, Math.abs(step[v] - unwindowed[v]));
            }
            assertThat(largest).as("largest logit change from the window").isGreaterThan(1e-3);
        }
    }

    @Test
    void gemma2TraitsFollowLlamaCpp() throws Exception {
        Path file = tmp.resolve("g2.gguf");
        RandomLlamaGguf.write(file, SIX_LAYERS, Variant.GEMMA2.withKeyLength(24), "F32", 1, null);
        GraphTraits traits = LlamaLoader.config(GgufFile.open(file)).traits();
        // sliding window on layers 0, 2, 4; one RoPE for all; published soft-capping values
        assertThat(traits.window(0)).isEqualTo(64);
        assertThat(traits.window(1)).isZero();
        assertThat(traits.window(4)).isEqualTo(64);
        assertThat(traits.swaRope()).isNull();
        assertThat(traits.attnLogitSoftcap()).isEqualTo(50f);
        assertThat(traits.finalLogitSoftcap()).isEqualTo(30f);
        assertThat(traits.attentionScale()).isZero();
        // the 27B model (46 blocks) scales queries by 1/sqrt(embedding / heads), not by the head length
        Shape deep = new Shape("gemma2-27b-like", 300, 64, 96, 46, 4, 2, 128);
        RandomLlamaGguf.write(file, deep, Variant.GEMMA2.withKeyLength(24), "F32", 1, null);
        assertThat(LlamaLoader.config(GgufFile.open(file)).traits().attentionScale()).isEqualTo(0.25f);
    }

    @Test
    void gemma3RunsPastItsSlidingWindowThroughLocalModelAndReusesCachedPrefixes() throws Exception {
        Path file = tmp.resolve("g3.gguf");
        RandomLlamaGguf.write(file, SIX_LAYERS, Variant.GEMMA3.withSlidingWindow(8), "F32", 1, null);
        int[] tokens = new SplittableRandom(5).ints(100, 3, SIX_LAYERS.vocabSize()).toArray();
        float[] expected;
        try (ParallelRunner parallel = new ParallelRunner(1)) {
            Transformer t = new Transformer(LlamaLoader.load(GgufFile.open(file)), parallel);
            expected = t.forward(new KvCache(t.config(), 128, false), 0, tokens, 0, tokens.length, tokens.length - 1);
        }
        double total = 0;
        for (float logit : expected) {
            total += Math.exp(logit);
        }
        try (LocalModel model = LocalModel.open("local:g3.gguf", file, LocalModelOptions.defaults())) {
            assertThat(model.contextLength()).isEqualTo(128);
            // a prefix first, so the full prompt runs on its cached keys and values
            model.nextLogprobs(Arrays.copyOf(tokens, 60));
            float[] logprobs = model.nextLogprobs(tokens);
            for (int v = 0; v < logprobs.length; v++) {
                assertThat((double) logprobs[v]).as("token %d", v)
                        .isCloseTo(expected[v] - Math.log(total), within(1e-4));
            }
        }
    }

    private static byte[] bytes(GgufFile f, String name) {
        java.nio.ByteBuffer data = f.tensorData(name);
        byte[] out = new byte[data.remaining()];
        data.get(out);
        return out;
    }

    private static byte[] concat(GgufFile f, String... names) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (String n : names) {
            out.writeBytes(bytes(f, n));
        }
        return out.toByteArray();
    }

    private static float[] rowOf(WeightMatrix m, int row) {
        float[] out = new float[m.cols()];
        m.dequantizeRow(row, out, 0);
        return out;
    }

    /**
     * A textbook forward pass in double precision: no cache, no batching, every position from scratch, with each
     * architecture's differences spelled out where they apply.
     */
    static final class Reference {
        final GgufFile file;
        final Shape s;
        final Variant variant;
        final String arch;
        final int hd;
        final boolean neox;
        final boolean gemma;
        final double[] ropeFactors;
        final double ropeMagnitude;
        /** llama.cpp's keys and defaults, read from the file: the window, which layers use it, the soft-cappings. */
        final int window;
        final int windowPeriod;
        final double attnSoftcap;
        final double finalSoftcap;

        Reference(GgufFile file, Shape shape, Variant variant, int contextLength) {
            this.file = file;
            this.s = shape;
            this.variant = variant;
            this.arch = variant.architecture();
            this.hd = variant.keyLength() > 0 ? variant.keyLength() : shape.embeddingLength() / shape.headCount();
            // llama.cpp's rope types: adjacent pairs for these, NeoX halves for the rest
            this.neox = !arch.equals("llama") && !arch.equals("smollm3") && !arch.equals("granite");
            this.gemma = arch.startsWith("gemma");
            var m = file.metadata();
            boolean gemma2 = arch.equals("gemma2");
            this.window = m.getInt(arch + ".attention.sliding_window", gemma2 ? 4096 : 0);
            this.windowPeriod = gemma2 ? 2 : arch.equals("gemma3") ? 6
                    : m.getInt(arch + ".attention.sliding_window_pattern", 4);
            this.attnSoftcap = gemma2 ? m.getFloat(arch + ".attn_logit_softcapping", 50f) : 0;
            this.finalSoftcap = m.getFloat(arch + ".final_logit_softcapping", gemma2 ? 30f : 0f);
            if (variant.ropeScaling().equals("longrope")) {
                // Phi-3: long factors when the context exceeds the original one; the attention factor the converter
                // derives from the full context, sqrt(1 + ln(128/64) / ln 64)
                ropeFactors = vector(contextLength > variant.originalContext() ? "rope_factors_long.weight"
                        : "rope_factors_short.weight");
                ropeMagnitude = Math.sqrt(1 + Math.log(2) / Math.log(64));
            } else {
                ropeFactors = file.findTensor("rope_freqs.weight").isPresent() ? vector("rope_freqs.weight") : null;
                ropeMagnitude = variant.ropeScaling().equals("yarn") ? 1 + 0.1 * Math.log(variant.ropeFactor()) : 1;
            }
        }

        double[] vector(String name) {
            FloatBuffer b = file.tensorData(name).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
            double[] out = new double[b.remaining()];
            for (int i = 0; i < out.length; i++) {
                out[i] = b.get(i);
            }
            return out;
        }

        double[] optional(String name) {
            return file.findTensor(name).isPresent() ? vector(name) : null;
        }

        /** Rows of a {@code [cols, rows]} tensor. */
        double[][] matrix(String name) {
            double[] flat = vector(name);
            int cols = (int) file.tensor(name).dimension(0);
            double[][] m = new double[flat.length / cols][];
            for (int r = 0; r < m.length; r++) {
                m[r] = Arrays.copyOfRange(flat, r * cols, (r + 1) * cols);
            }
            return m;
        }

        /** Rows {@code from .. to} of a fused matrix. */
        double[][] rows(String name, int from, int to) {
            return Arrays.copyOfRange(matrix(name), from, to);
        }

        double[][] logits(int[] tokens) {
            int n = tokens.length;
            int dim = s.embeddingLength();
            int heads = s.headCount();
            int kvHeads = s.headCountKv();
            int q0 = heads * hd;
            int kv = kvHeads * hd;
            int ff = s.feedForwardLength();
            double[][] embedding = matrix("token_embd.weight");
            double[][] x = new double[n][];
            boolean granite = arch.equals("granite");
            // Granite's scales as RandomLlamaGguf writes them
            double residualScale = granite ? 0.5 : 1;
            double attentionScale = granite ? 0.5 : 1 / Math.sqrt(hd);
            for (int t = 0; t < n; t++) {
                x[t] = embedding[tokens[t]].clone();
                double scale = gemma ? Math.sqrt(dim) : granite ? 3 : 1;
                for (int i = 0; i < dim; i++) {
                    x[t][i] *= scale;
                }
            }
            for (int l = 0; l < s.blockCount(); l++) {
                String p = "blk." + l + ".";
                boolean phi3 = arch.equals("phi3");
                double[][] wq = phi3 ? rows(p + "attn_qkv.weight", 0, q0) : matrix(p + "attn_q.weight");
                double[][] wk = phi3 ? rows(p + "attn_qkv.weight", q0, q0 + kv) : matrix(p + "attn_k.weight");
                double[][] wv = phi3 ? rows(p + "attn_qkv.weight", q0 + kv, q0 + 2 * kv) : matrix(p + "attn_v.weight");
                double[][] gate = phi3 ? rows(p + "ffn_up.weight", 0, ff) : matrix(p + "ffn_gate.weight");
                double[][] up = phi3 ? rows(p + "ffn_up.weight", ff, 2 * ff) : matrix(p + "ffn_up.weight");
                double[][] wo = matrix(p + "attn_output.weight");
                double[] qNorm = optional(p + "attn_q_norm.weight");
                double[] kNorm = optional(p + "attn_k_norm.weight");
                double[][] q = new double[n][];
                double[][] k = new double[n][];
                double[][] v = new double[n][];
                for (int t = 0; t < n; t++) {
                    double[] attnNorm = optional(p + "attn_norm.weight");
                    double[] h = attnNorm == null ? x[t].clone() : rmsNorm(x[t], attnNorm);
                    q[t] = rope(headNorm(add(mul(wq, h), optional(p + "attn_q.bias")), qNorm), t, l);
                    k[t] = rope(headNorm(add(mul(wk, h), optional(p + "attn_k.bias")), kNorm), t, l);
                    v[t] = add(mul(wv, h), optional(p + "attn_v.bias"));
                }
                // sliding-window layers: all but every windowPeriod-th; position t sees j when t - j < window
                boolean windowed = window > 0 && l % windowPeriod < windowPeriod - 1;
                for (int t = 0; t < n; t++) {
                    double[] att = new double[heads * hd];
                    int first = windowed ? Math.max(0, t - window + 1) : 0;
                    for (int h = 0; h < heads; h++) {
                        int kvh = h / (heads / kvHeads);
                        double[] w = new double[t + 1];
                        Arrays.fill(w, Double.NEGATIVE_INFINITY);
                        for (int j = first; j <= t; j++) {
                            w[j] = 0;
                            for (int i = 0; i < hd; i++) {
                                w[j] += q[t][h * hd + i] * k[j][kvh * hd + i];
                            }
                            w[j] *= attentionScale;
                            if (attnSoftcap > 0) {
                                w[j] = attnSoftcap * Math.tanh(w[j] / attnSoftcap);
                            }
                        }
                        double max = Arrays.stream(w).max().orElseThrow();
                        double sum = 0;
                        for (int j = 0; j <= t; j++) {
                            w[j] = Math.exp(w[j] - max);
                            sum += w[j];
                        }
                        for (int j = 0; j <= t; j++) {
                            for (int i = 0; i < hd; i++) {
                                att[h * hd + i] += w[j] / sum * v[j][kvh * hd + i];
                            }
                        }
                    }
                    double[] o = mul(wo, att);
                    double[] attnPost = optional(p + "attn_post_norm.weight");
                    if (attnPost != null) {
                        o = rmsNorm(o, attnPost);
                    }
                    for (int i = 0; i < o.length; i++) {
                        x[t][i] += o[i] * residualScale;
                    }
                    double[] ffnNorm = optional(p + "ffn_norm.weight");
                    double[] h = ffnNorm == null ? x[t].clone() : rmsNorm(x[t], ffnNorm);
                    double[] g = mul(gate, h);
                    double[] u = mul(up, h);
                    for (int i = 0; i < g.length; i++) {
                        double act = gemma
                                ? 0.5 * g[i] * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (g[i] + 0.044715 * Math.pow(g[i], 3))))
                                : g[i] / (1 + Math.exp(-g[i]));
                        g[i] = act * u[i];
                    }
                    double[] d = mul(matrix(p + "ffn_down.weight"), g);
                    double[] ffnPost = optional(p + "ffn_post_norm.weight");
                    if (ffnPost != null) {
                        d = rmsNorm(d, ffnPost);
                    }
                    for (int i = 0; i < d.length; i++) {
                        x[t][i] += d[i] * residualScale;
                    }
                }
            }
            double[][] head = file.findTensor("output.weight").isPresent() ? matrix("output.weight") : embedding;
            double[][] out = new double[n][];
            for (int t = 0; t < n; t++) {
                out[t] = mul(head, rmsNorm(x[t], vector("output_norm.weight")));
                for (int v = 0; v < out[t].length; v++) {
                    out[t][v] /= granite ? 2 : 1;
                    if (finalSoftcap > 0) {
                        out[t][v] = finalSoftcap * Math.tanh(out[t][v] / finalSoftcap);
                    }
                }
            }
            return out;
        }

        /**
         * llama.cpp's rope_yarn: theta_extrap = pos * base^(-2i/d) / freq_factor[i], theta_interp = theta_extrap /
         * factor; with YaRN the two are mixed by the ramp over the correction dims and cos/sin scaled by
         * 1 + 0.1 ln(factor). SmolLM3 skips every 4th layer; Gemma 2 rotates all layers alike; Gemma 3's sliding-window layers (all but every 6th) use
         * base 10000 unscaled, its global layers base 1e6 and the file's scaling.
         */
        double[] rope(double[] x, int pos, int layer) {
            if (arch.equals("smollm3") && (layer + 1) % 4 == 0) {
                return x;
            }
            boolean local = arch.equals("gemma3") && layer % 6 < 5;
            int dims = hd;
            double base = arch.equals("gemma3") && !local ? 1e6 : 10000;
            String type = variant.ropeScaling();
            double freqScale = local || !(type.equals("linear") || type.equals("yarn")) ? 1 : 1 / variant.ropeFactor();
            boolean yarn = type.equals("yarn");
            double low = 0;
            double high = 0;
            if (yarn) {
                low = Math.max(0, Math.floor(dims * Math.log(variant.originalContext() / (32 * 2 * Math.PI))
                        / (2 * Math.log(base))));
                high = Math.min(dims - 1, Math.ceil(dims * Math.log(variant.originalContext() / (1 * 2 * Math.PI))
                        / (2 * Math.log(base))));
            }
            double mscale = ropeMagnitude;
            for (int h = 0; h < x.length / hd; h++) {
                for (int i = 0; i < dims / 2; i++) {
                    double extrap = pos * Math.pow(base, -2.0 * i / dims) / (ropeFactors == null ? 1 : ropeFactors[i]);
                    double interp = freqScale * extrap;
                    double theta = interp;
                    if (yarn) {
                        double ramp = 1 - Math.min(1, Math.max(0, (i - low) / Math.max(0.001, high - low)));
                        theta = interp * (1 - ramp) + extrap * ramp;
                    }
                    int a = h * hd + (neox ? i : 2 * i);
                    int b = h * hd + (neox ? i + dims / 2 : 2 * i + 1);
                    double x0 = x[a];
                    double x1 = x[b];
                    x[a] = (x0 * Math.cos(theta) - x1 * Math.sin(theta)) * mscale;
                    x[b] = (x0 * Math.sin(theta) + x1 * Math.cos(theta)) * mscale;
                }
            }
            return x;
        }

        double[] headNorm(double[] x, double[] weight) {
            if (weight == null) {
                return x;
            }
            if (weight.length == x.length) {
                return rmsNorm(x, weight); // OLMo 2: the whole q or k vector
            }
            double[] out = new double[x.length];
            for (int h = 0; h < x.length / hd; h++) {
                double[] normed = rmsNorm(Arrays.copyOfRange(x, h * hd, (h + 1) * hd), weight);
                System.arraycopy(normed, 0, out, h * hd, hd);
            }
            return out;
        }

        static double[] rmsNorm(double[] x, double[] w) {
            double ss = 0;
            for (double v : x) {
                ss += v * v;
            }
            double scale = 1 / Math.sqrt(ss / x.length + 1e-5);
            double[] out = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                out[i] = x[i] * scale * w[i];
            }
            return out;
        }

        static double[] mul(double[][] m, double[] x) {
            double[] out = new double[m.length];
            for (int r = 0; r < m.length; r++) {
                for (int c = 0; c < x.length; c++) {
                    out[r] += m[r][c] * x[c];
                }
            }
            return out;
        }

        static double[] add(double[] x, double[] b) {
            if (b != null) {
                for (int i = 0; i < x.length; i++) {
                    x[i] += b[i];
                }
            }
            return x;
        }
    }
}
