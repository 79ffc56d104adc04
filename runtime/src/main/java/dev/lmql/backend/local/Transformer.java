package dev.lmql.backend.local;

/**
 * The LLaMA forward pass: RMSNorm, RoPE, grouped-query attention over a {@link KvCache} (through a sliding window and
 * with soft-capped scores where {@link GraphTraits} says so), SwiGLU feed-forward, output head. Prompts are processed
 * in batches (each weight row is decoded once per batch and multiplied with every token's activation); generation is
 * the batch of one. Stateless apart from the weights: callers own the caches, so one model serves many sessions.
 */
final class Transformer {
    /** Tokens per batch: bounds the scratch memory while amortising weight decoding. */
    static final int MAX_BATCH = 64;

    private final LlamaWeights weights;
    private final LlamaConfig c;
    private final ParallelRunner parallel;
    private final Rope rope;
    /** The divisors {@link #rope} uses (for llama.cpp's numerics, which compute the angles themselves), or null. */
    private final float[] ropeFactors;
    /** RoPE of sliding-window layers when it differs from {@link #rope} (Gemma 3, OLMo 3), or null. */
    private final Rope localRope;
    /** Tokens run through the network so far (prefix reuse shows up as tokens not counted here). */
    private final java.util.concurrent.atomic.AtomicLong processedTokens = new java.util.concurrent.atomic.AtomicLong();

    /** A transformer for contexts up to the model's trained length. */
    Transformer(LlamaWeights weights, ParallelRunner parallel) {
        this(weights, parallel, weights.config().contextLength());
    }

    /**
     * @param contextLength the context the caller will use: Phi-3's LongRoPE picks its frequency factors by it
     */
    Transformer(LlamaWeights weights, ParallelRunner parallel, int contextLength) {
        this.weights = weights;
        this.c = weights.config();
        this.parallel = parallel;
        this.ropeFactors = weights.ropeFactors(contextLength);
        this.rope = new Rope(c.rope(), ropeFactors);
        this.localRope = c.traits().swaRope() == null ? null : new Rope(c.traits().swaRope(), null);
    }

    long processedTokens() {
        return processedTokens.get();
    }

    LlamaConfig config() {
        return c;
    }

    /**
     * Runs {@code tokens[from .. to)} at positions {@code pos0 ..}, writing their keys and values into the cache,
     * and returns the logits of tokens {@code logitsFrom .. to-1} (row-major, {@code vocab} per token).
     */
    float[] forward(KvCache cache, int pos0, int[] tokens, int from, int to, int logitsFrom) {
        int vocab = c.vocabSize();
        for (int i = from; i < to; i++) {
            if (tokens[i] < 0 || tokens[i] >= vocab) {
                throw new IllegalArgumentException("token id " + tokens[i] + " at position " + (pos0 + i - from)
                        + " is outside the model's vocabulary of " + vocab);
            }
        }
        cache.ensure(pos0 + (to - from));
        processedTokens.addAndGet(to - from);
        int first = Math.max(logitsFrom, from);
        float[] logits = new float[Math.max(0, to - first) * vocab];
        for (int start = from; start < to; start += MAX_BATCH) {
            int end = Math.min(to, start + MAX_BATCH);
            int chunkFirst = Math.max(first, start);
            float[] chunkLogits = batch(cache, pos0 + (start - from), tokens, start, end - start, chunkFirst - start);
            if (chunkLogits.length > 0) {
                System.arraycopy(chunkLogits, 0, logits, (chunkFirst - first) * vocab, chunkLogits.length);
            }
        }
        return logits;
    }

    /** One batch of {@code n} tokens; logits for batch rows {@code firstLogit .. n-1}. */
    private float[] batch(KvCache cache, int pos0, int[] tokens, int off, int n, int firstLogit) {
        int dim = c.dim();
        int qDim = c.qDim();
        int kvDim = c.kvDim();
        int ffn = c.ffnDim();
        float[] x = new float[n * dim];
        float[] xb = new float[n * dim];
        float[] q = new float[n * qDim];
        float[] k = new float[n * kvDim];
        float[] v = new float[n * kvDim];
        float[] att = new float[n * qDim];
        float[] hb = new float[n * ffn];
        float[] hb2 = new float[n * ffn];
        GraphTraits traits = c.traits();
        for (int t = 0; t < n; t++) {
            weights.tokenEmbedding().dequantizeRow(tokens[off + t], x, t * dim);
        }
        scale(x, n * dim, traits.embeddingScale());
        // an f16 cache means llama.cpp's numerics throughout, so its f16 roundings land where llama.cpp's do
        boolean ggml = cache.half();
        float[][] global = angles(ggml, rope, c.rope(), ropeFactors, pos0, n);
        float[][] local = localRope == null ? null : angles(ggml, localRope, traits.swaRope(), null, pos0, n);
        // attention divides q.k by sqrt(head length); a model-specific scale is folded into q instead
        float queryScale = traits.attentionScale() == 0 ? 1f
                : (float) (traits.attentionScale() * Math.sqrt(c.headDim()));
        for (int l = 0; l < c.layers(); l++) {
            LayerWeights w = weights.layers()[l];
            for (int t = 0; t < n; t++) {
                preNorm(ggml, xb, t * dim, x, t * dim, w.attnNorm(), dim);
            }
            matmul(ggml, w.wq(), xb, n, q);
            matmul(ggml, w.wk(), xb, n, k);
            matmul(ggml, w.wv(), xb, n, v);
            addBias(q, w.bq(), n);
            addBias(k, w.bk(), n);
            addBias(v, w.bv(), n);
            qkNorm(ggml, q, w.qNorm(), n * qDim);
            qkNorm(ggml, k, w.kNorm(), n * kvDim);
            if (traits.ropeLayer(l)) {
                float[][] table = local != null && traits.slidingWindowLayer(l) ? local : global;
                for (int t = 0; t < n; t++) {
                    rope(ggml, q, t * qDim, c.heads(), table[0], table[1], t);
                    rope(ggml, k, t * kvDim, c.kvHeads(), table[0], table[1], t);
                }
            }
            scale(q, n * qDim, queryScale);
            // the cache keeps every position; a sliding-window layer just reads the last window of them
            cache.store(l, pos0, k, v, n);
            if (ggml) {
                attentionHalf(cache, l, pos0, q, att, n, traits.window(l), traits.attnLogitSoftcap());
            } else {
                attention(cache, l, pos0, q, att, n, traits.window(l), traits.attnLogitSoftcap());
            }
            matmul(ggml, w.wo(), att, n, xb);
            postNorm(ggml, xb, w.attnPostNorm(), n);
            scale(xb, n * dim, traits.residualScale());
            for (int i = 0; i < n * dim; i++) {
                x[i] += xb[i];
            }
            for (int t = 0; t < n; t++) {
                preNorm(ggml, xb, t * dim, x, t * dim, w.ffnNorm(), dim);
            }
            matmul(ggml, w.gate(), xb, n, hb);
            matmul(ggml, w.up(), xb, n, hb2);
            if (traits.geluFfn()) {
                for (int i = 0; i < n * ffn; i++) {
                    hb[i] = gelu(hb[i]) * hb2[i];
                }
            } else if (ggml) {
                for (int t = 0; t < n; t++) {
                    LlamaCppNumerics.swiglu(hb, hb2, t * ffn, ffn);
                }
            } else {
                for (int i = 0; i < n * ffn; i++) {
                    hb[i] = VectorMath.swiglu(hb[i], hb2[i]);
                }
            }
            matmul(ggml, w.down(), hb, n, xb);
            postNorm(ggml, xb, w.ffnPostNorm(), n);
            scale(xb, n * dim, traits.residualScale());
            for (int i = 0; i < n * dim; i++) {
                x[i] += xb[i];
            }
        }
        int outRows = n - firstLogit;
        if (outRows <= 0) {
            return new float[0];
        }
        float[] normed = new float[outRows * dim];
        for (int t = 0; t < outRows; t++) {
            norm(ggml, normed, t * dim, x, (firstLogit + t) * dim, weights.outputNorm(), dim);
        }
        float[] logits = new float[outRows * c.vocabSize()];
        matmul(ggml, weights.output(), normed, outRows, logits);
        scale(logits, logits.length, traits.logitScale());
        softcap(logits, 0, logits.length, traits.finalLogitSoftcap());
        return logits;
    }

    /**
     * {@code c * tanh(x / c)} over {@code x[from .. to)}: Gemma 2's soft-capping, in float steps as ggml's
     * scale, tanh, scale; no-op for {@code c = 0}.
     */
    private static void softcap(float[] x, int from, int to, float cap) {
        if (cap > 0) {
            float inverse = 1f / cap;
            for (int i = from; i < to; i++) {
                x[i] = cap * (float) Math.tanh(x[i] * inverse);
            }
        }
    }

    /** The first position a token at {@code pos} attends to: {@code pos - window + 1} in a window, else 0. */
    private static int firstVisible(int pos, int window) {
        return window > 0 ? Math.max(0, pos - window + 1) : 0;
    }

    /** Scaled cos and sin of every batch position: {@code [0]} cosines, {@code [1]} sines, pairs per token. */
    private static float[][] angles(boolean ggml, Rope r, RopeConfig rc, float[] factors, int pos0, int n) {
        int pairs = r.pairs();
        float[] cos = new float[n * pairs];
        float[] sin = new float[n * pairs];
        for (int t = 0; t < n; t++) {
            if (ggml) {
                LlamaCppNumerics.ropeCache(rc, factors, pos0 + t, cos, sin, t * pairs);
            } else {
                r.angles(pos0 + t, cos, sin, t * pairs);
            }
        }
        return new float[][] {cos, sin};
    }

    private static void scale(float[] x, int n, float factor) {
        if (factor != 1f) {
            for (int i = 0; i < n; i++) {
                x[i] *= factor;
            }
        }
    }

    /** Gemma 3's RMSNorm of a block's attention or feed-forward output (no-op for models without it). */
    private void postNorm(boolean ggml, float[] x, float[] weight, int n) {
        if (weight == null) {
            return;
        }
        for (int t = 0; t < n; t++) {
            norm(ggml, x, t * c.dim(), x, t * c.dim(), weight, c.dim());
        }
    }

    /** GELU in the tanh form ggml and Gemma use. */
    static float gelu(float x) {
        double u = 0.7978845608028654 * x * (1 + 0.044715 * x * x);
        return (float) (0.5 * x * (1 + Math.tanh(u)));
    }

    private static void addBias(float[] y, float[] bias, int n) {
        if (bias == null) {
            return;
        }
        for (int t = 0; t < n; t++) {
            VectorMath.axpy(y, t * bias.length, 1f, bias, 0, bias.length);
        }
    }

    /**
     * RMSNorm of queries or keys before RoPE, in chunks of the weight's length: one head (Qwen3, Gemma 3) or a
     * token's whole q/k vector (OLMo 2). No-op for models without it.
     */
    private void qkNorm(boolean ggml, float[] x, float[] weight, int length) {
        if (weight == null) {
            return;
        }
        int chunk = weight.length;
        for (int off = 0; off < length; off += chunk) {
            norm(ggml, x, off, x, off, weight, chunk);
        }
    }

    /** The RMSNorm before attention or feed-forward; OLMo 2 has none and feeds the residual stream as it is. */
    private void preNorm(boolean ggml, float[] out, int oo, float[] x, int xo, float[] weight, int n) {
        if (weight == null) {
            System.arraycopy(x, xo, out, oo, n);
        } else {
            norm(ggml, out, oo, x, xo, weight, n);
        }
    }

    private void norm(boolean ggml, float[] out, int oo, float[] x, int xo, float[] w, int n) {
        if (ggml) {
            LlamaCppNumerics.rmsNorm(out, oo, x, xo, w, n, c.rmsEps());
        } else {
            VectorMath.rmsNorm(out, oo, x, xo, w, n, c.rmsEps());
        }
    }

    /** {@link #matmul(WeightMatrix, float[], int, float[])}, in ggml's summation order for F32 weights if asked. */
    private void matmul(boolean ggml, WeightMatrix m, float[] x, int n, float[] out) {
        if (!(ggml && m instanceof F32Matrix)) {
            matmul(m, x, n, out);
            return;
        }
        int rows = m.rows();
        int cols = m.cols();
        parallel.forRange(rows, (long) rows * cols * n, (start, end) -> {
            float[] row = new float[cols];
            for (int r = start; r < end; r++) {
                m.dequantizeRow(r, row, 0);
                for (int t = 0; t < n; t++) {
                    out[t * rows + r] = LlamaCppNumerics.dot(row, 0, x, t * cols, cols, rows, n);
                }
            }
        });
    }

    /**
     * Rotates the first {@code ropeDims} values of each head of the token's vector; with {@code ggml}, in the
     * FMA-contracted arithmetic of llama.cpp's CPU build ({@link LlamaCppNumerics#rotate}).
     */
    private void rope(boolean ggml, float[] x, int off, int heads, float[] cos, float[] sin, int t) {
        int hd = c.headDim();
        int half = rope.pairs();
        boolean neox = rope.neox();
        int cs = t * half;
        for (int h = 0; h < heads; h++) {
            int base = off + h * hd;
            for (int i = 0; i < half; i++) {
                int a = neox ? base + i : base + 2 * i;
                int b = neox ? base + i + half : base + 2 * i + 1;
                float co = cos[cs + i];
                float si = sin[cs + i];
                if (ggml) {
                    LlamaCppNumerics.rotate(x, a, b, co, si);
                } else {
                    float x0 = x[a];
                    float x1 = x[b];
                    x[a] = x0 * co - x1 * si;
                    x[b] = x0 * si + x1 * co;
                }
            }
        }
    }

    /**
     * Causal attention of each batch token over the cached positions up to its own (the last {@code window} of them
     * when positive), scores soft-capped by {@code softcap} when positive. The cache keeps each key/value dimension's
     * row across positions, so scores and outputs are vector operations along the positions.
     */
    private void attention(KvCache cache, int layer, int pos0, float[] q, float[] out, int n, int window,
            float softcap) {
        int heads = c.heads();
        int hd = c.headDim();
        int qDim = c.qDim();
        int group = heads / c.kvHeads();
        float scale = (float) (1.0 / Math.sqrt(hd));
        float[] keys = cache.keys[layer];
        float[] values = cache.values[layer];
        int stride = cache.stride();
        int span = window > 0 ? Math.min(window, pos0 + n) : pos0 + n;
        long work = (long) n * heads * span * hd * 2;
        parallel.forRange(n * heads, work, (start, end) -> {
            float[] scores = new float[span];
            for (int job = start; job < end; job++) {
                int t = job / heads;
                int h = job % heads;
                int first = firstVisible(pos0 + t, window);
                int positions = pos0 + t + 1 - first;
                int qo = t * qDim + h * hd;
                int row = (h / group) * hd * stride + first;
                java.util.Arrays.fill(scores, 0, positions, 0f);
                for (int d = 0; d < hd; d++) {
                    VectorMath.axpy(scores, 0, q[qo + d] * scale, keys, row + d * stride, positions);
                }
                softcap(scores, 0, positions, softcap);
                VectorMath.softmax(scores, positions);
                for (int d = 0; d < hd; d++) {
                    out[qo + d] = VectorMath.dot(scores, 0, values, row + d * stride, positions);
                }
            }
        });
    }

    /**
     * Attention over the f16 cache as llama.cpp's CPU flash attention computes it
     * ({@code flash_attn_ext_f16_one_chunk}): the query rounded to f16, f16 dot products, an online softmax with
     * libm's {@code expf}, and the value accumulator rounded to f16 after every position. Positions outside the
     * window are skipped, as the kernel skips masked ones; soft-capping multiplies by {@code scale / cap} and takes
     * {@code cap * tanh}, as the kernel does.
     */
    private void attentionHalf(KvCache cache, int layer, int pos0, float[] q, float[] out, int n, int window,
            float softcap) {
        int heads = c.heads();
        int hd = c.headDim();
        int qDim = c.qDim();
        int kvDim = c.kvDim();
        int group = heads / c.kvHeads();
        // flash attention folds the cap into the scale: s * (scale / cap), then cap * tanh
        float scale = LlamaCppNumerics.attentionScale(hd) / (softcap > 0 ? softcap : 1f);
        short[] keys = cache.halfKeys[layer];
        short[] values = cache.halfValues[layer];
        int span = window > 0 ? Math.min(window, pos0 + n) : pos0 + n;
        long work = (long) n * heads * span * hd * 2;
        parallel.forRange(n * heads, work, (start, end) -> {
            short[] qh = new short[hd];
            short[] acc = new short[hd];
            for (int job = start; job < end; job++) {
                int t = job / heads;
                int h = job % heads;
                int first = firstVisible(pos0 + t, window);
                int last = pos0 + t;
                int qo = t * qDim + h * hd;
                int ko = (h / group) * hd;
                for (int i = 0; i < hd; i++) {
                    qh[i] = Float16.fromFloat(q[qo + i]);
                    acc[i] = 0;
                }
                float sum = 0f;
                float max = Float.NEGATIVE_INFINITY;
                for (int j = first; j <= last; j++) {
                    float s = LlamaCppNumerics.dotF16(keys, j * kvDim + ko, qh, hd) * scale;
                    if (softcap > 0) {
                        s = softcap * (float) Math.tanh(s);
                    }
                    float ms = 1f;
                    float vs = 1f;
                    if (s > max) {
                        float old = max;
                        max = s;
                        ms = (float) Math.exp(old - max);
                        LlamaCppNumerics.scaleF16(acc, ms);
                    } else {
                        vs = (float) Math.exp(s - max);
                    }
                    LlamaCppNumerics.madF16(acc, values, j * kvDim + ko, vs);
                    sum = sum * ms + vs;
                }
                float inv = 1f / sum;
                for (int i = 0; i < hd; i++) {
                    out[qo + i] = Float16.toFloat(acc[i]) * inv;
                }
            }
        });
    }

    /** out[t*rows + r] = W[r] . x[t*cols ..] for every token t of the batch. */
    void matmul(WeightMatrix m, float[] x, int n, float[] out) {
        int rows = m.rows();
        int cols = m.cols();
        parallel.forRange(rows, (long) rows * cols * n, (start, end) -> m.multiply(start, end, x, n, out));
    }
}
