package dev.lmql.backend.local;

import dev.lmql.backend.local.gguf.GgmlType;
import dev.lmql.backend.local.gguf.GgufMetadata;
import dev.lmql.backend.local.gguf.GgufWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes LLaMA-architecture GGUF files with random weights, of a chosen shape and tensor type, for benchmarks
 * of realistic size (the real test models are tiny). Weights are uniform in {@code ±1/sqrt(fan-in)} so activations
 * stay bounded; norm weights are 1. Tensors are generated and quantized a few rows at a time while the file is
 * written, so a 1B-parameter model needs little heap. The same shape, type and seed always give the same file.
 */
public final class RandomLlamaGguf {

    /**
     * A LLaMA model shape.
     *
     * @param name              {@code general.name}
     * @param vocabSize         number of tokens
     * @param embeddingLength   hidden size
     * @param feedForwardLength FFN hidden size (a multiple of 256 for K-quants)
     * @param blockCount        number of layers
     * @param headCount         attention heads
     * @param headCountKv       key/value heads (grouped-query attention when fewer than heads)
     * @param contextLength     {@code llama.context_length}
     */
    public record Shape(String name, int vocabSize, int embeddingLength, int feedForwardLength, int blockCount,
                        int headCount, int headCountKv, int contextLength) {
        /** Validates divisibility the architecture needs. */
        public Shape {
            if (embeddingLength % headCount != 0 || headCount % headCountKv != 0) {
                throw new IllegalArgumentException("embedding length " + embeddingLength + " must divide into "
                        + headCount + " heads, and heads into " + headCountKv + " KV heads");
            }
            if (vocabSize < 259) {
                throw new IllegalArgumentException("vocabulary of " + vocabSize + " is too small for the 259 base tokens");
            }
        }

        /** This shape with another feed-forward length. */
        public Shape withFeedForward(int length) {
            return new Shape(name, vocabSize, embeddingLength, length, blockCount, headCount, headCountKv, contextLength);
        }

        /** Head dimension. */
        public int headDim() {
            return embeddingLength / headCount;
        }

        /** Parameter count (embeddings and output head counted separately). */
        public long parameterCount() {
            long e = embeddingLength;
            long kv = (long) headCountKv * headDim();
            long perLayer = 2 * e * e + 2 * e * kv + 3 * e * feedForwardLength + 2 * e;
            return 2L * vocabSize * e + blockCount * perLayer + e;
        }
    }

    /**
     * Which member of the LLaMA family to write: the architecture name and what its graph adds to LLaMA's.
     *
     * @param architecture    {@code general.architecture}: {@code llama}, {@code smollm3}, {@code qwen2},
     *                        {@code qwen3}, {@code phi3} (fused {@code attn_qkv} and gate+up {@code ffn_up}),
     *                        {@code gemma} (tied head) or {@code gemma2} (post norms, sliding window and
     *                        soft-capping values, see below) or {@code gemma3} (post norms, sliding window, global
     *                        RoPE base 1e6) or {@code granite} (embedding scale 3, residual
     *                        scale 0.5, attention scale 0.5, logit scale 2: test-sized, so each one shows), or
     *                        {@code exaone} (LLaMA's tensors, NeoX RoPE), or {@code olmo2} (no pre-norms,
     *                        full-width q/k norms, post norms)
     * @param keyLength       head length when it differs from embedding length / heads ({@code 0}: the quotient)
     * @param qkvBias         write {@code attn_q/k/v.bias} (Qwen2)
     * @param qkNorm          write per-head {@code attn_q_norm}/{@code attn_k_norm} weights (Qwen3)
     * @param tiedOutput      omit {@code output.weight}: the head reuses the embedding table
     * @param randomNorms     norm weights uniform in [0.5, 1.5] instead of 1 (so tests notice a misplaced norm)
     * @param ropeScaling     {@code rope.scaling.type}: {@code none}, {@code linear} or {@code yarn}; or
     *                        {@code longrope} for phi3: LongRoPE factor tensors and attention factor, no type key
     * @param ropeFactor      {@code rope.scaling.factor} (ignored for {@code none})
     * @param originalContext {@code rope.scaling.original_context_length} (0: not written)
     * @param llama3Rope      LLaMA 3.1 frequency scaling written as {@code rope_freqs.weight}, or null
     * @param slidingWindow   {@code attention.sliding_window} of gemma2, gemma3 and olmo2 (OLMo 3); 0: half the
     *                        context for gemma2/gemma3, none for olmo2
     * @param attnSoftcap     gemma2's {@code attn_logit_softcapping}; 0: Gemma 2's published 50
     * @param finalSoftcap    {@code final_logit_softcapping} of gemma2 (0: Gemma 2's published 30) and gemma3 (0: not
     *                        written)
     */
    public record Variant(String architecture, int keyLength, boolean qkvBias, boolean qkNorm, boolean tiedOutput,
                          boolean randomNorms, String ropeScaling, float ropeFactor, int originalContext,
                          Llama3Rope llama3Rope, int slidingWindow, float attnSoftcap, float finalSoftcap) {
        // before the constants: their construction checks against it
        private static final List<String> ARCHITECTURES =
                List.of("llama", "smollm3", "qwen2", "qwen3", "phi3", "gemma", "gemma2", "gemma3", "granite", "exaone",
                        "olmo2");

        /** LLaMA 2 as the benchmarks use it. */
        public static final Variant LLAMA = new Variant("llama", 0, false, false, false, false, "none", 1f, 0, null);
        /** Qwen2: NeoX RoPE and QKV bias. */
        public static final Variant QWEN2 = new Variant("qwen2", 0, true, false, false, false, "none", 1f, 0, null);
        /** Qwen3 dense: NeoX RoPE, per-head q/k RMSNorm, no bias. */
        public static final Variant QWEN3 = new Variant("qwen3", 0, false, true, false, false, "none", 1f, 0, null);
        /** SmolLM3: LLaMA with every 4th layer skipping RoPE. */
        public static final Variant SMOLLM3 = new Variant("smollm3", 0, false, false, false, false, "none", 1f, 0, null);
        /** Phi-3: fused QKV and gate+up matrices, NeoX RoPE. */
        public static final Variant PHI3 = new Variant("phi3", 0, false, false, false, false, "none", 1f, 0, null);
        /** OLMo 2: no norms before attention and feed-forward, full-width q/k norms, post norms, NeoX RoPE. */
        public static final Variant OLMO2 = new Variant("olmo2", 0, false, true, false, false, "none", 1f, 0, null);
        /** Granite 3: LLaMA with embedding, residual, attention and logit scales. */
        public static final Variant GRANITE = new Variant("granite", 0, false, false, true, false, "none", 1f, 0, null);
        /** Gemma: scaled embeddings, GELU feed-forward, tied head, NeoX RoPE. */
        public static final Variant GEMMA = new Variant("gemma", 0, false, false, true, false, "none", 1f, 0, null);
        /** Gemma 2: Gemma plus post norms, sliding-window layers (every other one), attention and final capping. */
        public static final Variant GEMMA2 = new Variant("gemma2", 0, false, false, true, false, "none", 1f, 0, null);
        /** Gemma 3: Gemma plus q/k norms, post norms, sliding-window layers with their own RoPE. */
        public static final Variant GEMMA3 = new Variant("gemma3", 0, false, true, true, false, "none", 1f, 0, null);

        /** A variant without sliding-window or soft-capping settings of its own (the architecture's defaults). */
        public Variant(String architecture, int keyLength, boolean qkvBias, boolean qkNorm, boolean tiedOutput,
                       boolean randomNorms, String ropeScaling, float ropeFactor, int originalContext,
                       Llama3Rope llama3Rope) {
            this(architecture, keyLength, qkvBias, qkNorm, tiedOutput, randomNorms, ropeScaling, ropeFactor,
                    originalContext, llama3Rope, 0, 0f, 0f);
        }


        /** Validates the names. */
        public Variant {
            if (!ARCHITECTURES.contains(architecture)) {
                throw new IllegalArgumentException("cannot write architecture " + architecture + "; supported: "
                        + ARCHITECTURES);
            }
            if (!List.of("none", "linear", "yarn", "longrope").contains(ropeScaling)
                    || ropeScaling.equals("longrope") && (!architecture.equals("phi3") || originalContext <= 0)) {
                throw new IllegalArgumentException("unknown rope scaling " + ropeScaling + "; use none, linear, yarn,"
                        + " or longrope with phi3 and an original context length");
            }
            boolean windowed = List.of("gemma2", "gemma3", "olmo2").contains(architecture);
            if (slidingWindow < 0 || slidingWindow > 0 && !windowed) {
                throw new IllegalArgumentException("a sliding window (" + slidingWindow + ") is written for gemma2,"
                        + " gemma3 and olmo2 only, and must be positive");
            }
            if (!(attnSoftcap >= 0) || !(finalSoftcap >= 0) || attnSoftcap > 0 && !architecture.equals("gemma2")
                    || finalSoftcap > 0 && !architecture.startsWith("gemma")) {
                throw new IllegalArgumentException("soft-capping values must be positive, attention soft-capping for"
                        + " gemma2 and final soft-capping for gemma2/gemma3 only");
            }
        }

        /** This variant with another head length. */
        public Variant withKeyLength(int length) {
            return new Variant(architecture, length, qkvBias, qkNorm, tiedOutput, randomNorms, ropeScaling, ropeFactor,
                    originalContext, llama3Rope, slidingWindow, attnSoftcap, finalSoftcap);
        }

        /** This variant with a tied (or separate) output head and random (or unit) norm weights. */
        public Variant with(boolean tied, boolean randomNormWeights) {
            return new Variant(architecture, keyLength, qkvBias, qkNorm, tied, randomNormWeights, ropeScaling,
                    ropeFactor, originalContext, llama3Rope, slidingWindow, attnSoftcap, finalSoftcap);
        }

        /** This variant with RoPE scaling metadata. */
        public Variant withRopeScaling(String type, float factor, int originalContextLength) {
            return new Variant(architecture, keyLength, qkvBias, qkNorm, tiedOutput, randomNorms, type, factor,
                    originalContextLength, llama3Rope, slidingWindow, attnSoftcap, finalSoftcap);
        }

        /** This variant with LLaMA 3.1 frequency factors. */
        public Variant withLlama3Rope(Llama3Rope rope) {
            return new Variant(architecture, keyLength, qkvBias, qkNorm, tiedOutput, randomNorms, ropeScaling,
                    ropeFactor, originalContext, rope, slidingWindow, attnSoftcap, finalSoftcap);
        }

        /** This variant with a sliding window ({@code attention.sliding_window}). */
        public Variant withSlidingWindow(int window) {
            return new Variant(architecture, keyLength, qkvBias, qkNorm, tiedOutput, randomNorms, ropeScaling,
                    ropeFactor, originalContext, llama3Rope, window, attnSoftcap, finalSoftcap);
        }

        /** This variant with attention and final logit soft-capping values. */
        public Variant withSoftcaps(float attention, float finalLogits) {
            return new Variant(architecture, keyLength, qkvBias, qkNorm, tiedOutput, randomNorms, ropeScaling,
                    ropeFactor, originalContext, llama3Rope, slidingWindow, attention, finalLogits);
        }

        int headDim(Shape shape) {
            return keyLength > 0 ? keyLength : shape.headDim();
        }
    }

    /**
     * LLaMA 3.1's {@code rope_scaling} ({@code rope_type = llama3}) from which llama.cpp's converter computes the
     * per-pair divisors stored in {@code rope_freqs.weight}.
     *
     * @param factor          divisor of the low frequencies (8 for LLaMA 3.1)
     * @param lowFreqFactor   wavelengths above originalContext / lowFreqFactor get the full factor (1)
     * @param highFreqFactor  wavelengths below originalContext / highFreqFactor keep their frequency (4)
     * @param originalContext {@code original_max_position_embeddings} (8192)
     */
    public record Llama3Rope(float factor, float lowFreqFactor, float highFreqFactor, int originalContext) {
        /** LLaMA 3.1/3.2's published settings. */
        public static final Llama3Rope LLAMA_3_1 = new Llama3Rope(8f, 1f, 4f, 8192);

        /**
         * The divisor of each of {@code dims/2} base frequencies, as convert_hf_to_gguf.py computes it: 1 for short
         * wavelengths, {@code factor} for long ones, and {@code 1 / ((1 - smooth) / factor + smooth)} between, with
         * {@code smooth = (originalContext / wavelength - low) / (high - low)}.
         */
        public float[] factors(int dims, float base) {
            float[] out = new float[dims / 2];
            double lowWavelen = originalContext / (double) lowFreqFactor;
            double highWavelen = originalContext / (double) highFreqFactor;
            for (int i = 0; i < out.length; i++) {
                double freq = 1.0 / Math.pow(base, 2.0 * i / dims);
                double wavelen = 2 * Math.PI / freq;
                if (wavelen < highWavelen) {
                    out[i] = 1f;
                } else if (wavelen > lowWavelen) {
                    out[i] = factor;
                } else {
                    double smooth = (originalContext / wavelen - lowFreqFactor) / (highFreqFactor - lowFreqFactor);
                    out[i] = (float) (1 / ((1 - smooth) / factor + smooth));
                }
            }
            return out;
        }
    }

    /** About 0.5B parameters: a Qwen2-0.5B-like width with a LLaMA-2 vocabulary. */
    public static final Shape LLAMA_0_5B = new Shape("random-llama-0.5b", 32000, 1024, 2816, 36, 16, 8, 4096);
    /** About 1.1B parameters: the TinyLlama-1.1B shape. */
    public static final Shape LLAMA_1_1B = new Shape("random-llama-1.1b", 32000, 2048, 5632, 22, 32, 4, 2048);

    private static final int ROWS_PER_CHUNK = 64;

    private RandomLlamaGguf() {
    }

    /**
     * Writes a random model with a synthetic SentencePiece-style vocabulary ({@code <unk>}, {@code <s>},
     * {@code </s>}, 256 byte tokens, {@code ▁}, printable ASCII, then pieces {@code ▁t<i>}).
     *
     * @param type one of {@link Quantization#SUPPORTED_TYPES} for the matrices (norms are always F32)
     */
    public static void write(Path file, Shape shape, String type, long seed) throws IOException {
        write(file, shape, type, seed, null);
    }

    /**
     * Writes a random model; with a {@code tokenizerSource}, its {@code tokenizer.*} keys are copied (its
     * vocabulary size must equal the shape's), else a synthetic vocabulary is written.
     */
    public static void write(Path file, Shape shape, String type, long seed, GgufMetadata tokenizerSource)
            throws IOException {
        write(file, shape, Variant.LLAMA, type, seed, tokenizerSource);
    }

    /** Writes a random model of a family member (architecture, head length, RoPE scaling, …). */
    public static void write(Path file, Shape shape, Variant variant, String type, long seed,
            GgufMetadata tokenizerSource) throws IOException {
        if (!Quantization.SUPPORTED_TYPES.contains(type)) {
            throw new IllegalArgumentException("cannot write " + type + " weights; supported: " + Quantization.SUPPORTED_TYPES);
        }
        GgmlType ggmlType = GgmlType.valueOf(type);
        String a = variant.architecture();
        int hd = variant.headDim(shape);
        float ropeBase = a.equals("gemma3") ? 1_000_000f : 10000f;
        GgufWriter w = new GgufWriter()
                .putString("general.architecture", a)
                .putString("general.name", shape.name() + "-" + type)
                .putUInt32(a + ".context_length", shape.contextLength())
                .putUInt32(a + ".embedding_length", shape.embeddingLength())
                .putUInt32(a + ".block_count", shape.blockCount())
                .putUInt32(a + ".feed_forward_length", shape.feedForwardLength())
                .putUInt32(a + ".rope.dimension_count", hd)
                .putUInt32(a + ".attention.head_count", shape.headCount())
                .putUInt32(a + ".attention.head_count_kv", shape.headCountKv())
                .putFloat32(a + ".attention.layer_norm_rms_epsilon", 1e-5f)
                .putFloat32(a + ".rope.freq_base", ropeBase)
                .putUInt32(a + ".vocab_size", shape.vocabSize());
        if (variant.keyLength() > 0) {
            w.putUInt32(a + ".attention.key_length", hd).putUInt32(a + ".attention.value_length", hd);
        }
        boolean longRope = variant.ropeScaling().equals("longrope");
        if (longRope) {
            // convert_hf_to_gguf.py's Phi-3 attention factor; the factors themselves are tensors
            double scale = (double) shape.contextLength() / variant.originalContext();
            w.putFloat32(a + ".rope.scaling.attn_factor",
                    (float) Math.sqrt(1 + Math.log(scale) / Math.log(variant.originalContext())));
        } else if (!variant.ropeScaling().equals("none")) {
            w.putString(a + ".rope.scaling.type", variant.ropeScaling())
                    .putFloat32(a + ".rope.scaling.factor", variant.ropeFactor());
        }
        if (a.equals("gemma2") || a.equals("gemma3")) {
            int window = variant.slidingWindow() > 0 ? variant.slidingWindow() : shape.contextLength() / 2;
            w.putUInt32(a + ".attention.sliding_window", window);
        } else if (variant.slidingWindow() > 0) {
            w.putUInt32(a + ".attention.sliding_window", variant.slidingWindow());
        }
        if (a.equals("gemma2")) {
            // the converter always writes both
            float attention = variant.attnSoftcap() > 0 ? variant.attnSoftcap() : 50f;
            float logits = variant.finalSoftcap() > 0 ? variant.finalSoftcap() : 30f;
            w.putFloat32(a + ".attn_logit_softcapping", attention).putFloat32(a + ".final_logit_softcapping", logits);
        } else if (variant.finalSoftcap() > 0) {
            w.putFloat32(a + ".final_logit_softcapping", variant.finalSoftcap());
        }
        if (a.equals("granite")) {
            w.putFloat32(a + ".embedding_scale", 3f).putFloat32(a + ".residual_scale", 0.5f)
                    .putFloat32(a + ".attention.scale", 0.5f).putFloat32(a + ".logit_scale", 2f);
        }
        if (variant.originalContext() > 0) {
            w.putUInt32(a + ".rope.scaling.original_context_length", variant.originalContext());
        }
        if (tokenizerSource != null) {
            copyTokenizer(w, tokenizerSource, shape.vocabSize());
        } else {
            syntheticTokenizer(w, shape.vocabSize());
        }
        int e = shape.embeddingLength();
        int q = shape.headCount() * hd;
        int kv = shape.headCountKv() * hd;
        int ff = shape.feedForwardLength();
        SplittableRandom seeds = new SplittableRandom(seed);
        boolean rn = variant.randomNorms();
        matrix(w, "token_embd.weight", ggmlType, e, shape.vocabSize(), 1f, seeds.nextLong());
        if (variant.llama3Rope() != null) {
            w.addTensor("rope_freqs.weight", GgmlType.F32, new long[] {hd / 2},
                    Quantization.quantize("F32", variant.llama3Rope().factors(hd, ropeBase)));
        }
        if (longRope) {
            float[] shortFactors = new float[hd / 2];
            float[] longFactors = new float[hd / 2];
            for (int i = 0; i < hd / 2; i++) {
                shortFactors[i] = 1 + 0.05f * i;
                longFactors[i] = 1 + 0.5f * i;
            }
            w.addTensor("rope_factors_short.weight", GgmlType.F32, new long[] {hd / 2},
                    Quantization.quantize("F32", shortFactors));
            w.addTensor("rope_factors_long.weight", GgmlType.F32, new long[] {hd / 2},
                    Quantization.quantize("F32", longFactors));
        }
        boolean phi3 = a.equals("phi3");
        boolean olmo2 = a.equals("olmo2");
        boolean postNorms = a.equals("gemma2") || a.equals("gemma3") || olmo2;
        for (int b = 0; b < shape.blockCount(); b++) {
            String p = "blk." + b + ".";
            if (!olmo2) {
                norm(w, p + "attn_norm.weight", e, rn, seeds.nextLong());
            }
            if (phi3) {
                matrix(w, p + "attn_qkv.weight", ggmlType, e, q + 2 * kv, 0, seeds.nextLong());
            } else {
                matrix(w, p + "attn_q.weight", ggmlType, e, q, 0, seeds.nextLong());
                matrix(w, p + "attn_k.weight", ggmlType, e, kv, 0, seeds.nextLong());
                matrix(w, p + "attn_v.weight", ggmlType, e, kv, 0, seeds.nextLong());
            }
            if (variant.qkvBias()) {
                bias(w, p + "attn_q.bias", q, seeds.nextLong());
                bias(w, p + "attn_k.bias", kv, seeds.nextLong());
                bias(w, p + "attn_v.bias", kv, seeds.nextLong());
            }
            if (variant.qkNorm()) {
                norm(w, p + "attn_q_norm.weight", olmo2 ? q : hd, rn, seeds.nextLong());
                norm(w, p + "attn_k_norm.weight", olmo2 ? kv : hd, rn, seeds.nextLong());
            }
            matrix(w, p + "attn_output.weight", ggmlType, q, e, 0, seeds.nextLong());
            if (postNorms) {
                norm(w, p + "attn_post_norm.weight", e, rn, seeds.nextLong());
            }
            if (!olmo2) {
                norm(w, p + "ffn_norm.weight", e, rn, seeds.nextLong());
            }
            if (phi3) {
                matrix(w, p + "ffn_up.weight", ggmlType, e, 2 * ff, 0, seeds.nextLong());
            } else {
                matrix(w, p + "ffn_gate.weight", ggmlType, e, ff, 0, seeds.nextLong());
                matrix(w, p + "ffn_up.weight", ggmlType, e, ff, 0, seeds.nextLong());
            }
            matrix(w, p + "ffn_down.weight", ggmlType, ff, e, 0, seeds.nextLong());
            if (postNorms) {
                norm(w, p + "ffn_post_norm.weight", e, rn, seeds.nextLong());
            }
        }
        norm(w, "output_norm.weight", e, rn, seeds.nextLong());
        long outputSeed = seeds.nextLong();
        if (!variant.tiedOutput()) {
            matrix(w, "output.weight", ggmlType, e, shape.vocabSize(), 0, outputSeed);
        }
        w.write(file);
    }

    /** A {@code rows x cols} matrix stored as GGUF dims {@code [cols, rows]}; {@code bound 0} means 1/sqrt(cols). */
    private static void matrix(GgufWriter w, String name, GgmlType type, int cols, int rows, float bound, long seed) {
        if (cols % type.blockSize() != 0) {
            throw new IllegalArgumentException(name + ": row length " + cols + " is not a multiple of the "
                    + type + " block size " + type.blockSize());
        }
        float scale = bound > 0 ? bound : (float) (1 / Math.sqrt(cols));
        w.addTensor(name, type, new long[] {cols, rows}, out -> {
            SplittableRandom rnd = new SplittableRandom(seed);
            float[] chunk = new float[ROWS_PER_CHUNK * cols];
            for (int r = 0; r < rows; r += ROWS_PER_CHUNK) {
                int n = Math.min(ROWS_PER_CHUNK, rows - r) * cols;
                float[] values = n == chunk.length ? chunk : new float[n];
                for (int i = 0; i < n; i++) {
                    values[i] = (float) ((rnd.nextDouble() * 2 - 1) * scale);
                }
                out.write(Quantization.quantize(type.name(), values));
            }
        });
    }

    /** Norm weights: 1, or uniform in [0.5, 1.5]. */
    private static void norm(GgufWriter w, String name, int n, boolean random, long seed) {
        float[] values = new float[n];
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            values[i] = random ? (float) (0.5 + rnd.nextDouble()) : 1f;
        }
        w.addTensor(name, GgmlType.F32, new long[] {n}, Quantization.quantize("F32", values));
    }

    /** Bias vectors uniform in ±0.5. */
    private static void bias(GgufWriter w, String name, int n, long seed) {
        float[] values = new float[n];
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            values[i] = (float) (rnd.nextDouble() - 0.5);
        }
        w.addTensor(name, GgmlType.F32, new long[] {n}, Quantization.quantize("F32", values));
    }

    private static void syntheticTokenizer(GgufWriter w, int vocabSize) {
        List<String> tokens = new ArrayList<>(vocabSize);
        float[] scores = new float[vocabSize];
        int[] types = new int[vocabSize];
        tokens.add("<unk>");
        tokens.add("<s>");
        tokens.add("</s>");
        types[0] = 2;
        types[1] = 3;
        types[2] = 3;
        for (int b = 0; b < 256; b++) {
            tokens.add(String.format("<0x%02X>", b));
            types[3 + b] = 6;
        }
        tokens.add("\u2581"); // the space mark and printable ASCII, so text encodes to pieces, not bytes
        for (char c = '!'; c <= '~' && tokens.size() < vocabSize; c++) {
            tokens.add(String.valueOf(c));
        }
        for (int i = 0; i < tokens.size(); i++) {
            types[i] = Math.max(types[i], 1);
        }
        for (int i = tokens.size(); i < vocabSize; i++) {
            tokens.add("\u2581t" + i);
            types[i] = 1;
            scores[i] = -i;
        }
        w.putString("tokenizer.ggml.model", "llama")
                .putStringArray("tokenizer.ggml.tokens", tokens)
                .putFloat32Array("tokenizer.ggml.scores", scores)
                .putInt32Array("tokenizer.ggml.token_type", types)
                .putUInt32("tokenizer.ggml.bos_token_id", 1)
                .putUInt32("tokenizer.ggml.eos_token_id", 2)
                .putUInt32("tokenizer.ggml.unknown_token_id", 0);
    }

    private static void copyTokenizer(GgufWriter w, GgufMetadata source, int vocabSize) {
        int n = source.getStringArray("tokenizer.ggml.tokens").size();
        if (n != vocabSize) {
            throw new IllegalArgumentException("the tokenizer source has " + n + " tokens but the shape needs " + vocabSize);
        }
        w.putAll(source, key -> key.startsWith("tokenizer."));
    }
}
