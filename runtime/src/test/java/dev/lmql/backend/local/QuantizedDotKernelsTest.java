package dev.lmql.backend.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * The fused decode-and-dot kernels (scalar and Vector API, each called directly, so both run whatever the JVM's
 * flags) and the batched product against ggml's reference dequantizer followed by a double-precision dot, on
 * random blocks salted with edge values: nibbles 0 and 15 (-8 and 7 for Q4_0), bytes -128/127, 6-bit scales and
 * mins of 63, Q6_K scales of +-127/-128, and F16 scales that are the largest finite half, subnormal or zero.
 */
class QuantizedDotKernelsTest {
    private static final String[] TYPES = {"Q8_0", "Q4_0", "Q4_K", "Q6_K"};
    private static final byte[] EDGE_BYTES = {0, -1, 127, -128, 0x0F, (byte) 0xF0, (byte) 0x88, 0x77, 63, (byte) 0xC0};
    private static final short[] EDGE_SCALES = {0x7BFF, (short) 0xFBFF, 0x0001, (short) 0x8001, 0x03FF, 0, 0x3C00};

    private enum Path { SCALAR, VECTOR }

    @Property(tries = 40)
    void scalarKernelsEqualDequantizeThenDot(@ForAll long seed) {
        for (String type : TYPES) {
            check(type, Path.SCALAR, new Random(seed));
        }
    }

    @Property(tries = 40)
    void vectorKernelsEqualDequantizeThenDot(@ForAll long seed) {
        assumeTrue(vectorKernelsAvailable(), "needs --add-modules jdk.incubator.vector and AVX2/AVX-512");
        for (String type : TYPES) {
            check(type, Path.VECTOR, new Random(seed));
        }
    }

    @Test
    void vectorKernelsRunInThisBuild() {
        // surefire passes --add-modules jdk.incubator.vector: the vector path must really be the one in use there
        assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent());
        assumeTrue(!"false".equalsIgnoreCase(System.getProperty("lmql.local.vector")));
        assertThat(SimdDot.ENABLED).isTrue();
        assertThat(SimdDot.QUANTIZED).isEqualTo(QuantizedVectorKernels.supported());
    }

    @Property(tries = 15)
    void matrixProductsOfOneTokenAndOfABatchEqualTheReference(@ForAll long seed) {
        Random rnd = new Random(seed);
        for (String type : new String[] {"Q8_0", "Q4_0", "Q4_K", "Q6_K", "F16", "BF16", "F32"}) {
            int cols = 512;
            int rows = 7; // not a multiple of the 4-row tile
            byte[] bytes = randomRows(type, rows, cols, rnd);
            WeightMatrix m = WeightMatrices.create(type, ByteBuffer.wrap(bytes), rows, cols, "t");
            float[] w = QuantizedKernelsTest.reference(bytes, type);
            for (int n : new int[] {1, 2, 5}) {
                float[] x = gaussian(n * cols, rnd);
                float[] out = new float[n * rows];
                m.multiply(0, rows, x, n, out);
                for (int t = 0; t < n; t++) {
                    for (int r = 0; r < rows; r++) {
                        assertClose(out[t * rows + r], w, r * cols, x, t * cols, cols, type + " n=" + n + " row " + r);
                    }
                }
                float[] part = new float[n * rows];
                m.multiply(2, 6, x, n, part); // a thread's share: rows 2..5 only
                for (int t = 0; t < n; t++) {
                    assertThat(part[t * rows]).isZero();
                    assertThat(part[t * rows + 2]).isEqualTo(out[t * rows + 2]);
                    assertThat(part[t * rows + 6]).isZero();
                }
            }
        }
    }

    @Property(tries = 30)
    void fourRowDotsAgreeOnBothPaths(@ForAll long seed) {
        Random rnd = new Random(seed);
        int n = 1 + rnd.nextInt(300);
        float[] w = gaussian(4 * n, rnd);
        float[] x = gaussian(n + 5, rnd);
        float[] scalar = new float[6];
        BatchedRows.scalarDot4(w, n, x, 5, scalar, 1);
        for (int k = 0; k < 4; k++) {
            assertClose(scalar[1 + k], w, k * n, x, 5, n, "scalar row " + k);
        }
        if (SimdDot.ENABLED) {
            float[] vector = new float[6];
            SimdDot.dot4(w, n, x, 5, vector, 1);
            for (int k = 0; k < 4; k++) {
                assertClose(vector[1 + k], w, k * n, x, 5, n, "vector row " + k);
            }
            float[] y = gaussian(n + 2, rnd);
            float[] both = new float[x.length + y.length];
            System.arraycopy(x, 0, both, 0, x.length);
            System.arraycopy(y, 0, both, x.length, y.length);
            float[] pair = new float[12];
            SimdDot.dot4x2(w, n, both, 5, x.length + 2, pair, 0, 7);
            for (int k = 0; k < 4; k++) {
                assertClose(pair[k], w, k * n, x, 5, n, "pair, first token, row " + k);
                assertClose(pair[7 + k], w, k * n, y, 2, n, "pair, second token, row " + k);
            }
        }
    }

    @Property(tries = 20)
    void vectorDecodersEqualTheScalarDecodersBitForBit(@ForAll long seed) {
        assumeTrue(vectorKernelsAvailable(), "needs --add-modules jdk.incubator.vector and AVX2/AVX-512");
        Random rnd = new Random(seed);
        for (String type : new String[] {"Q8_0", "Q4_0", "Q4_K"}) {
            int cols = 512;
            byte[] bytes = randomRows(type, 2, cols, rnd);
            int rowBytes = bytes.length / 2;
            float[] scalar = new float[cols + 3];
            float[] vector = new float[cols + 3];
            switch (type) {
                case "Q8_0":
                    new Q8_0Matrix(ByteBuffer.wrap(bytes), 2, cols, "t").scalarDequantize(bytes, rowBytes, scalar, 3);
                    QuantizedVectorKernels.dequantizeQ8_0(bytes, rowBytes, cols / 32, vector, 3);
                    break;
                case "Q4_0":
                    new Q4_0Matrix(ByteBuffer.wrap(bytes), 2, cols, "t").scalarDequantize(bytes, rowBytes, scalar, 3);
                    QuantizedVectorKernels.dequantizeQ4_0(bytes, rowBytes, cols / 32, vector, 3);
                    break;
                default:
                    new Q4KMatrix(ByteBuffer.wrap(bytes), 2, cols, "t").scalarDequantize(bytes, rowBytes, scalar, 3);
                    QuantizedVectorKernels.dequantizeQ4K(bytes, rowBytes, cols / 256, vector, 3);
            }
            assertThat(vector).as(type).containsExactly(scalar);
            float[] ref = QuantizedKernelsTest.reference(bytes, type);
            for (int i = 0; i < cols; i++) {
                assertThat(scalar[3 + i]).as("%s col %d", type, i).isCloseTo(ref[cols + i],
                        within(Math.abs(ref[cols + i]) * 1e-6f));
            }
        }
    }

    @Test
    void halfKernelsWidenEveryHalfExactly() {
        assumeTrue(vectorKernelsAvailable(), "needs --add-modules jdk.incubator.vector and AVX2/AVX-512");
        byte[] w = new byte[2 * 19];
        float[] x = new float[19];
        for (int h = 0; h < 1 << 16; h++) {
            int k = h % 19; // lanes of the vector part and of the scalar tail
            java.util.Arrays.fill(w, (byte) 0);
            java.util.Arrays.fill(x, 0f);
            w[2 * k] = (byte) h;
            w[2 * k + 1] = (byte) (h >>> 8);
            x[k] = 1f;
            float f16 = QuantizedVectorKernels.f16(w, 0, 19, x, 0);
            float bf16 = QuantizedVectorKernels.bf16(w, 0, 19, x, 0);
            assertSameValue(f16, Float16.toFloat((short) h), "f16 " + Integer.toHexString(h));
            assertSameValue(bf16, Float16.bf16ToFloat((short) h), "bf16 " + Integer.toHexString(h));
        }
    }

    /** Equal values (NaN to NaN); a zero of either sign matches a zero (the lane sum adds +0 to -0). */
    private static void assertSameValue(float got, float expected, String what) {
        if (Float.isNaN(expected)) {
            assertThat(got).as(what).isNaN();
        } else {
            assertThat(got == expected).as("%s: %s vs %s", what, got, expected).isTrue();
        }
    }

    private static boolean vectorKernelsAvailable() {
        return SimdDot.ENABLED && QuantizedVectorKernels.supported();
    }

    /** Two rows; the kernel reads the second (a non-zero byte offset) against x at a non-zero offset. */
    private static void check(String type, Path path, Random rnd) {
        int cols = (type.endsWith("_K") ? 256 : 32) * (1 + rnd.nextInt(4));
        byte[] bytes = randomRows(type, 2, cols, rnd);
        int rowBytes = bytes.length / 2;
        float[] w = QuantizedKernelsTest.reference(bytes, type);
        int xo = 3;
        float[] x = new float[xo + cols];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextInt(8) == 0 ? (rnd.nextBoolean() ? 4f : -4f) : (float) rnd.nextGaussian();
        }
        float got = kernel(type, path, bytes, rowBytes, cols, x, xo);
        assertClose(got, w, cols, x, xo, cols, type + " " + path);
    }

    /** Row 1 of the two-row matrix through the chosen kernel, called directly whatever SimdDot decided. */
    private static float kernel(String type, Path path, byte[] w, int p, int cols, float[] x, int xo) {
        BlockQuantizedMatrix m = (BlockQuantizedMatrix) WeightMatrices.create(type, ByteBuffer.wrap(w), 2, cols, "t");
        return path == Path.VECTOR ? m.vectorDot(w, p, x, xo, m.prepare(x, xo)) : m.scalarDot(1, x, xo);
    }

    /** |got - sum(w*x)| within 1e-5 of sum(|w*x|) (float accumulation in another order), exact sum in double. */
    private static void assertClose(float got, float[] w, int wo, float[] x, int xo, int n, String what) {
        double exact = 0;
        double magnitude = 0;
        for (int i = 0; i < n; i++) {
            double p = (double) w[wo + i] * x[xo + i];
            exact += p;
            magnitude += Math.abs(p);
        }
        assertThat((double) got).as(what).isCloseTo(exact, within(magnitude * 1e-5 + 1e-30));
    }

    private static float[] gaussian(int n, Random rnd) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        return v;
    }

    /** Random rows whose bytes are salted with edge values; scales are edge halves or random moderate ones. */
    static byte[] randomRows(String type, int rows, int cols, Random rnd) {
        int count = rows * cols;
        ByteBuffer b = ByteBuffer.allocate((int) Quantization.byteSize(type, count)).order(ByteOrder.LITTLE_ENDIAN);
        switch (type) {
            case "F32":
                for (int i = 0; i < count; i++) {
                    b.putFloat((float) rnd.nextGaussian());
                }
                return b.array();
            case "F16":
            case "BF16":
                for (int i = 0; i < count; i++) {
                    float f = (float) rnd.nextGaussian();
                    b.putShort(type.equals("F16") ? Float16.fromFloat(f) : Float16.bf16FromFloat(f));
                }
                return b.array();
            default:
                break;
        }
        byte[] a = b.array();
        rnd.nextBytes(a);
        for (int i = 0; i < a.length; i++) {
            if (rnd.nextInt(4) == 0) {
                a[i] = EDGE_BYTES[rnd.nextInt(EDGE_BYTES.length)];
            }
        }
        int blockBytes = (int) Quantization.byteSize(type, type.endsWith("_K") ? 256 : 32);
        for (int p = 0; p < a.length; p += blockBytes) {
            if (type.equals("Q6_K")) {
                b.putShort(p + 208, scale(rnd));
            } else {
                b.putShort(p, scale(rnd));
                if (type.equals("Q4_K")) {
                    b.putShort(p + 2, scale(rnd));
                }
            }
        }
        return a;
    }

    private static short scale(Random rnd) {
        return rnd.nextInt(3) == 0 ? EDGE_SCALES[rnd.nextInt(EDGE_SCALES.length)]
                : Float16.fromFloat((float) (rnd.nextGaussian() * 0.05));
    }
}
