package dev.lmql.backend.local;

/** Plain-Java float kernels of the forward pass (the Vector API variant lives in {@link SimdDot}). */
final class VectorMath {
    private VectorMath() {
    }

    /** Below this length the scalar loop wins: vector set-up and the reduction cost more than they save. */
    private static final int SIMD_MIN_LENGTH = 32;

    static float dot(float[] a, int ao, float[] b, int bo, int n) {
        if (SimdDot.ENABLED && n >= SIMD_MIN_LENGTH) {
            return SimdDot.dot(a, ao, b, bo, n);
        }
        return scalarDot(a, ao, b, bo, n);
    }

    static float scalarDot(float[] a, int ao, float[] b, int bo, int n) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += a[ao + i] * b[bo + i];
            s1 += a[ao + i + 1] * b[bo + i + 1];
            s2 += a[ao + i + 2] * b[bo + i + 2];
            s3 += a[ao + i + 3] * b[bo + i + 3];
        }
        for (; i < n; i++) {
            s0 += a[ao + i] * b[bo + i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** out = x / rms(x) * weight, over {@code n} values (sum of squares in double, as ggml does). */
    static void rmsNorm(float[] out, int oo, float[] x, int xo, float[] weight, int n, float eps) {
        double ss = 0;
        for (int i = 0; i < n; i++) {
            ss += (double) x[xo + i] * x[xo + i];
        }
        float scale = (float) (1.0 / Math.sqrt(ss / n + eps));
        for (int i = 0; i < n; i++) {
            out[oo + i] = x[xo + i] * scale * weight[i];
        }
    }

    /** In-place softmax of x[0 .. n). */
    static void softmax(float[] x, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, x[i]);
        }
        double sum;
        if (SimdDot.ENABLED && n >= SIMD_MIN_LENGTH) {
            sum = VectorSoftmax.expShifted(x, n, max);
        } else {
            sum = 0;
            for (int i = 0; i < n; i++) {
                float e = exp(x[i] - max);
                x[i] = e;
                sum += e;
            }
        }
        float inv = (float) (1.0 / sum);
        for (int i = 0; i < n; i++) {
            x[i] *= inv;
        }
    }

    /** The log-softmax of logits[off .. off+n) as a new array (normaliser in double). */
    static float[] logSoftmax(float[] logits, int off, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, logits[off + i]);
        }
        double sum = 0;
        if (SimdDot.ENABLED && n >= SIMD_MIN_LENGTH) {
            sum = VectorSoftmax.sumExpShifted(logits, off, n, max);
        } else {
            for (int i = 0; i < n; i++) {
                sum += exp(logits[off + i] - max);
            }
        }
        double norm = max + Math.log(sum);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (logits[off + i] - norm);
        }
        return out;
    }

    private static final float LOG2E = 1.44269504f;
    private static final float LN2_HI = 0.693145752f;
    private static final float LN2_LO = 1.42860677e-6f;

    /**
     * e^x in float, about 1 ulp: x = n*ln2 + r with |r| <= ln2/2, a degree-6 polynomial for e^r, 2^n from the
     * exponent bits. Cheaper than {@code Math.exp} (a double computation), which matters because attention and the
     * vocabulary softmax take thousands of exponentials per token.
     */
    static float exp(float x) {
        if (!(x > -87f && x < 88f)) {
            return (float) Math.exp(x); // tails, infinities and NaN
        }
        float n = Math.round(x * LOG2E);
        float r = x - n * LN2_HI - n * LN2_LO;
        float p = 1f + r * (1f + r * (0.5f + r * (1f / 6 + r * (1f / 24 + r * (1f / 120 + r * (1f / 720))))));
        return Float.intBitsToFloat(((int) n + 127) << 23) * p;
    }

    /** SiLU(g) * u, the SwiGLU gate. */
    static float swiglu(float g, float u) {
        return g / (1f + exp(-g)) * u;
    }

    /** y[yo + i] += a * x[xo + i]. */
    static void axpy(float[] y, int yo, float a, float[] x, int xo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] += a * x[xo + i];
        }
    }
}
