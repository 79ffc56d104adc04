package dev.lmql.backend.local;

/**
 * The float arithmetic of llama.cpp's CPU backend (ggml built for x86-64 with AVX-512 and FMA), operation by
 * operation and in ggml's order. The engine uses it with an f16 KV cache ({@code kv_cache=f16}) to reproduce
 * llama.cpp's logits rather than approximate them.
 *
 * <p>Why bit-level fidelity matters here: llama.cpp rounds queries, keys, values and the attention accumulator to
 * f16. An f32 result that differs from ggml's in its last bit can round to a neighbouring f16 value, and those flips,
 * not the f32 differences themselves, move log-probabilities by up to 1e-3. With every operation below matching
 * ggml, the stories260K reference agrees to the reference's own float noise (a few 1e-6).
 *
 * <p>Covered: F32 weight matrices (llamafile's tinyBLAS for batches, {@code ggml_vec_dot_f32} for single tokens),
 * RMSNorm fused with its weight, RoPE (with frequency factors and YaRN), SwiGLU with ggml's polynomial {@code expf}, and (in
 * {@link Transformer}) flash attention over the f16 cache. Other weight types keep the engine's own dot products:
 * llama.cpp would also round the activations to the weight's companion type (f16, q8_0, q8_K).
 */
final class LlamaCppNumerics {
    /** f32 lanes of an AVX-512 register: ggml's vector width for this build. */
    private static final int LANES = 16;

    private LlamaCppNumerics() {
    }

    /**
     * One output of ggml's F32 matrix product. llamafile's tinyBLAS takes batches of two or more tokens when the
     * contraction is a whole number of vectors and the row count a multiple of 4: one 16-lane FMA accumulator, then
     * a horizontal sum. Everything else goes through {@code ggml_vec_dot_f32}.
     */
    static float dot(float[] w, int wo, float[] x, int xo, int k, int rows, int tokens) {
        if (tokens >= 2 && k % LANES == 0 && rows % 4 == 0) {
            return tinyBlasDot(w, wo, x, xo, k);
        }
        return vecDotF32(w, wo, x, xo, k);
    }

    static float tinyBlasDot(float[] a, int ao, float[] b, int bo, int k) {
        float[] acc = new float[LANES];
        for (int l = 0; l < k; l += LANES) {
            for (int i = 0; i < LANES; i++) {
                acc[i] = Math.fma(a[ao + l + i], b[bo + l + i], acc[i]);
            }
        }
        return reduceAdd(acc);
    }

    /**
     * {@code ggml_vec_dot_f32}: four 16-lane FMA accumulators over 64-element steps, combined pairwise and reduced,
     * then the leftover elements added one product at a time (not fused).
     */
    static float vecDotF32(float[] x, int xo, float[] y, int yo, int n) {
        int step = 4 * LANES;
        int np = n - n % step;
        float[] sum = new float[step];
        for (int i = 0; i < np; i += step) {
            for (int l = 0; l < step; l++) {
                sum[l] = Math.fma(x[xo + i + l], y[yo + i + l], sum[l]);
            }
        }
        float s = reduceAccumulators(sum);
        for (int i = np; i < n; i++) {
            s += x[xo + i] * y[yo + i];
        }
        return s;
    }

    /** {@code GGML_F32_VEC_REDUCE}: four 16-lane accumulators added pairwise ((0+2)+(1+3)), then reduced. */
    private static float reduceAccumulators(float[] sum) {
        for (int l = 0; l < LANES; l++) {
            sum[l] = (sum[l] + sum[2 * LANES + l]) + (sum[LANES + l] + sum[3 * LANES + l]);
        }
        return reduceAdd(sum);
    }

    /** {@code _mm512_reduce_add_ps} on the first 16 values: halves added down to one lane. */
    private static float reduceAdd(float[] v) {
        float a0 = (v[8] + v[0]) + (v[12] + v[4]);
        float a1 = (v[9] + v[1]) + (v[13] + v[5]);
        float a2 = (v[10] + v[2]) + (v[14] + v[6]);
        float a3 = (v[11] + v[3]) + (v[15] + v[7]);
        return (a0 + a2) + (a1 + a3);
    }

    /**
     * {@code ggml_vec_dot_f16} of {@code n} halves from {@code x[xo..]} and {@code y[0..]}: four 16-lane float FMA
     * accumulators over 64-element steps, reduced as in {@link #vecDotF32}, then the leftovers summed in double.
     */
    static float dotF16(short[] x, int xo, short[] y, int n) {
        int step = 4 * LANES;
        int np = n - n % step;
        double sumf = 0;
        if (np > 0) {
            float[] sum = new float[step];
            for (int i = 0; i < np; i += step) {
                for (int l = 0; l < step; l++) {
                    sum[l] = Math.fma(Float16.toFloat(x[xo + i + l]), Float16.toFloat(y[i + l]), sum[l]);
                }
            }
            sumf = reduceAccumulators(sum);
        }
        for (int i = np; i < n; i++) {
            sumf += Float16.toFloat(x[xo + i]) * Float16.toFloat(y[i]);
        }
        return (float) sumf;
    }

    /** {@code ggml_vec_mad_f16}: {@code y = f16(fma(x, v, y))} element by element. */
    static void madF16(short[] y, short[] x, int xo, float v) {
        for (int i = 0; i < y.length; i++) {
            y[i] = Float16.fromFloat(Math.fma(Float16.toFloat(x[xo + i]), v, Float16.toFloat(y[i])));
        }
    }

    /** {@code ggml_vec_scale_f16}: {@code y = f16(y * v)}. */
    static void scaleF16(short[] y, float v) {
        for (int i = 0; i < y.length; i++) {
            y[i] = Float16.fromFloat(Float16.toFloat(y[i]) * v);
        }
    }

    /** {@code rms_norm} fused with {@code mul}: float squares summed in double, mean and scale in float. */
    static void rmsNorm(float[] out, int oo, float[] x, int xo, float[] weight, int n, float eps) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += x[xo + i] * x[xo + i];
        }
        float mean = (float) (sum / n);
        float scale = 1.0f / (float) Math.sqrt(mean + eps);
        for (int i = 0; i < n; i++) {
            out[oo + i] = x[xo + i] * scale * weight[i];
        }
    }

    /**
     * {@code ggml_rope_cache_init} for one position: the base angle advances by repeated float multiplication with
     * {@code powf(base, -2/dims)}; {@code rope_yarn} divides by the pair's frequency factor, interpolates, mixes by
     * YaRN's ramp and scales by the magnitude, all in float; cos/sin come from libm in float.
     */
    static void ropeCache(RopeConfig rc, float[] freqFactors, int pos, float[] cos, float[] sin, int off) {
        float thetaScale = (float) Math.pow(rc.base(), -2.0f / rc.dims());
        float low = 0;
        float high = 0;
        float mscale = rc.attnFactor();
        if (rc.extFactor() != 0) {
            low = Math.max(0f, (float) Math.floor(correctionDim(rc, rc.betaFast())));
            high = Math.min(rc.dims() - 1f, (float) Math.ceil(correctionDim(rc, rc.betaSlow())));
            mscale *= Math.fma((float) Math.log(1.0f / rc.freqScale()), 0.1f, 1.0f);
        }
        float theta = pos;
        for (int i = 0; i < rc.dims() / 2; i++) {
            float extrapolated = freqFactors == null ? theta : theta / freqFactors[i];
            float angle = rc.freqScale() * extrapolated;
            if (rc.extFactor() != 0) {
                float y = (i - low) / Math.max(0.001f, high - low);
                float mix = (1 - Math.min(1f, Math.max(0f, y))) * rc.extFactor();
                angle = Math.fma(angle, 1 - mix, extrapolated * mix);
            }
            cos[off + i] = (float) Math.cos(angle) * mscale;
            sin[off + i] = (float) Math.sin(angle) * mscale;
            theta *= thetaScale;
        }
    }

    /** {@code ggml_rope_yarn_corr_dim} in float. */
    private static float correctionDim(RopeConfig rc, float rotations) {
        return rc.dims() * (float) Math.log(rc.originalContext() / (rotations * 2 * (float) Math.PI))
                / (2 * (float) Math.log(rc.base()));
    }

    /** {@code rotate_pairs} as GCC compiles it (one product rounded, the other fused). */
    static void rotate(float[] x, int a, int b, float cos, float sin) {
        float x0 = x[a];
        float x1 = x[b];
        x[a] = Math.fma(x0, cos, -(x1 * sin));
        x[b] = Math.fma(x0, sin, x1 * cos);
    }

    /** The scale of attention scores, {@code 1.0f/sqrtf(head_dim)} in float. */
    static float attentionScale(int headDim) {
        return 1.0f / (float) Math.sqrt((float) headDim);
    }

    /**
     * {@code ggml_vec_swiglu_f32} in place over {@code gate[off .. off+n)}: 16-lane {@code ggml_v_silu} (ggml's
     * polynomial exp), then libm's {@code expf} for the tail that does not fill a vector.
     */
    static void swiglu(float[] gate, float[] up, int off, int n) {
        int vectorised = n - n % LANES;
        for (int i = 0; i < n; i++) {
            float g = gate[off + i];
            float e = i < vectorised ? vExpf(0f - g) : (float) Math.exp(-g);
            gate[off + i] = g / (1f + e) * up[off + i];
        }
    }

    /** One lane of ggml's AVX-512 {@code ggml_v_expf}: range reduction, a degree-5 polynomial in FMAs, scalef. */
    static float vExpf(float x) {
        float shifter = 0x1.8p23f;
        float z = Math.fma(x, 0x1.715476p+0f, shifter);
        float n = z - shifter;
        float b = Math.fma(-n, 0x1.7f7d1cp-20f, Math.fma(-n, 0x1.62e4p-1f, x));
        float u = b * b;
        float j = Math.fma(Math.fma(Math.fma(0x1.0e4020p-7f, b, 0x1.573e2ep-5f), u,
                Math.fma(0x1.555e66p-3f, b, 0x1.fffdb6p-2f)), u, Math.fma(0x1.ffffecp-1f, b, 1.0f));
        return Math.scalb(j, (int) n);
    }
}
