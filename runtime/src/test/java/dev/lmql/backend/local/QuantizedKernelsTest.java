package dev.lmql.backend.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * The block decoders against a literal transcription of ggml's reference dequantizers, on hand-made and on
 * random bytes; dot products against decode-then-multiply; quantize-then-dequantize error bounds.
 */
class QuantizedKernelsTest {

    // ---- hand-made blocks with values computed by hand ----

    @Test
    void q8_0KnownBlock() {
        ByteBuffer b = le(34);
        b.putShort((short) 0x3800); // d = 0.5
        for (int j = 0; j < 32; j++) {
            b.put((byte) (j - 16));
        }
        float[] out = decode(new Q8_0Matrix(b.rewind(), 1, 32, "t"));
        assertThat(out[0]).isEqualTo(-8f);
        assertThat(out[16]).isEqualTo(0f);
        assertThat(out[31]).isEqualTo(7.5f);
    }

    @Test
    void q4_0KnownBlock() {
        ByteBuffer b = le(18);
        b.putShort((short) 0x4000); // d = 2
        b.put((byte) 0x9F); // low nibble 15 -> weight 0 = (15-8)*2, high nibble 9 -> weight 16 = (9-8)*2
        for (int j = 1; j < 16; j++) {
            b.put((byte) 0x08); // low 8 -> 0, high 0 -> -16
        }
        float[] out = decode(new Q4_0Matrix(b.rewind(), 1, 32, "t"));
        assertThat(out[0]).isEqualTo(14f);
        assertThat(out[16]).isEqualTo(2f);
        assertThat(out[1]).isEqualTo(0f);
        assertThat(out[17]).isEqualTo(-16f);
    }

    @Test
    void q4KKnownBlock() {
        ByteBuffer b = le(144);
        b.putShort((short) 0x3C00); // d = 1
        b.putShort((short) 0x3800); // dmin = 0.5
        byte[] scales = new byte[12];
        scales[0] = 2; // sub-block 0: scale 2
        scales[4] = 4; // sub-block 0: min 4  -> w = 1*2*q - 0.5*4
        scales[3] = (byte) (1 << 6); // sub-block 7 scale: high bits 01 -> 16 | low nibble
        scales[11] = 0x23; // sub-block 7: scale low nibble 3, min low nibble 2 -> scale 19, min 2
        b.put(scales);
        byte[] qs = new byte[128];
        qs[0] = 0x35; // weight 0 gets 5 (sub-block 0), weight 32 gets 3 (sub-block 1: scale 0, min 0)
        qs[96 + 31] = (byte) 0xA0; // weight 255 (sub-block 7, high nibble) gets 10
        b.put(qs);
        float[] out = decode(new Q4KMatrix(b.rewind(), 1, 256, "t"));
        assertThat(out[0]).isEqualTo(2f * 5 - 2f);
        assertThat(out[1]).isEqualTo(-2f);
        assertThat(out[32]).isEqualTo(0f);
        assertThat(out[255]).isEqualTo(19f * 10 - 0.5f * 2);
        assertThat(out).containsExactly(reference(b.array(), "Q4_K"), within(0f));
    }

    @Test
    void q6KKnownBlock() {
        ByteBuffer b = le(210);
        byte[] ql = new byte[128];
        byte[] qh = new byte[64];
        byte[] sc = new byte[16];
        ql[0] = 0x01; // weight 0: low 1, high bits 0 -> q = 1 - 32 = -31
        qh[0] = (byte) (0x03 << 6); // weight 96: high bits 3, low nibble (ql[32] >> 4) = 0 -> 48 - 32 = 16
        sc[0] = 3;
        sc[6] = -2;
        b.put(ql).put(qh).put(sc).putShort((short) 0x3800); // d = 0.5
        float[] out = decode(new Q6KMatrix(b.rewind(), 1, 256, "t"));
        assertThat(out[0]).isEqualTo(0.5f * 3 * -31);
        assertThat(out[96]).isEqualTo(0.5f * -2 * 16);
        assertThat(out).containsExactly(reference(b.array(), "Q6_K"), within(0f));
    }

    @Test
    void f16AndBf16Conversions() {
        assertThat(Float16.toFloat((short) 0x3C00)).isEqualTo(1f);
        assertThat(Float16.toFloat((short) 0xC000)).isEqualTo(-2f);
        assertThat(Float16.toFloat((short) 0x0001)).isEqualTo(0x1p-24f);
        assertThat(Float16.toFloat((short) 0x7BFF)).isEqualTo(65504f);
        assertThat(Float16.toFloat((short) 0x7C00)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(Float16.fromFloat(1f / 3)).isEqualTo((short) 0x3555);
        assertThat(Float16.fromFloat(1e6f)).isEqualTo((short) 0x7C00);
        assertThat(Float16.bf16ToFloat((short) 0x3F80)).isEqualTo(1f);
        assertThat(Float16.bf16FromFloat(1.00390625f)).isEqualTo((short) 0x3F80); // tie rounds to even
    }

    @Test
    void valuesBelowTheSmallestNormalHalfRoundToNearestEven() {
        float step = 0x1p-24f; // the subnormal step
        assertThat(Float16.fromFloat(0x1p-25f)).isEqualTo((short) 0); // a tie between 0 and 1 step: even
        assertThat(Float16.fromFloat(Math.nextUp(0x1p-25f))).isEqualTo((short) 1);
        assertThat(Float16.fromFloat(1.5f * step)).isEqualTo((short) 2);
        assertThat(Float16.fromFloat(2.5f * step)).isEqualTo((short) 2);
        assertThat(Float16.fromFloat(-2.5f * step)).isEqualTo((short) 0x8002);
        assertThat(Float16.fromFloat(Math.nextDown(0x1p-14f))).isEqualTo((short) 0x400); // carries into the normals
        assertThat(Float16.fromFloat(1e-30f)).isEqualTo((short) 0);
        assertThat(Float16.fromFloat(-0f)).isEqualTo((short) 0x8000);
        java.util.Random rnd = new java.util.Random(11);
        for (int i = 0; i < 200_000; i++) {
            float f = Float.intBitsToFloat(0x33000000 + rnd.nextInt(0x38800000 - 0x33000000));
            double units = f / (double) step;
            double floor = Math.floor(units);
            long expected = units - floor > 0.5 || (units - floor == 0.5 && ((long) floor & 1) == 1)
                    ? (long) floor + 1 : (long) floor;
            assertThat(Float16.fromFloat(f)).as("%s", f).isEqualTo((short) expected);
        }
    }

    @Property(tries = 200)
    void halfRoundTripIsExactForEveryHalf(@ForAll short h) {
        float f = Float16.toFloat(h);
        if (!Float.isNaN(f)) {
            assertThat(Float16.fromFloat(f)).isEqualTo(h);
        }
    }

    // ---- random bytes: production decoders equal the reference; dot equals decode-then-multiply ----

    @Property(tries = 30)
    void decodersMatchReferenceOnRandomBytes(@ForAll long seed) {
        Random rnd = new Random(seed);
        for (String type : new String[] {"Q8_0", "Q4_0", "Q4_K", "Q6_K", "F16", "BF16", "F32"}) {
            int rows = 3;
            int cols = 512;
            byte[] bytes = randomBlocks(type, rows * cols, rnd);
            WeightMatrix m = WeightMatrices.create(type, ByteBuffer.wrap(bytes), rows, cols, "t");
            float[] ref = reference(bytes, type);
            float[] x = new float[cols];
            for (int i = 0; i < cols; i++) {
                x[i] = (float) rnd.nextGaussian();
            }
            for (int r = 0; r < rows; r++) {
                float[] row = new float[cols];
                m.dequantizeRow(r, row, 0);
                double expectedDot = 0;
                double scale = 0;
                for (int i = 0; i < cols; i++) {
                    assertThat(row[i]).as("%s row %d col %d", type, r, i).isEqualTo(ref[r * cols + i], within(
                            Math.abs(ref[r * cols + i]) * 1e-6f));
                    expectedDot += (double) ref[r * cols + i] * x[i];
                    scale += Math.abs((double) ref[r * cols + i] * x[i]);
                }
                assertThat((double) m.dot(r, x, 0)).as("%s dot row %d", type, r)
                        .isCloseTo(expectedDot, within(scale * 1e-5 + 1e-6));
            }
        }
    }

    // ---- quantize -> dequantize error bounds ----

    @Property(tries = 30)
    void roundTripErrorStaysWithinTheFormatsBounds(@ForAll long seed) {
        Random rnd = new Random(seed);
        float[] v = new float[1024];
        double spread = 0.01 + rnd.nextDouble() * 10;
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (rnd.nextGaussian() * spread + (i % 256 < 128 ? 0 : spread * 0.5));
        }
        // per-element bounds relative to the block's largest magnitude (or range for Q4_K)
        assertErrorBound("Q8_0", v, 32, 1 / 127.0 / 2 + 1e-3);
        assertErrorBound("Q4_0", v, 32, 1 / 8.0 + 1e-3); // ggml clamps the top bucket: up to one step
        assertErrorBound("Q6_K", v, 16, 1 / 31.0 + 1e-3); // half a step plus 8-bit scale rounding
        assertErrorBound("Q4_K", v, 32, 2 / 15.0 + 0.02); // 6-bit scales and mins add to half a step
        assertErrorBound("F16", v, 1, 1e-3);
        assertErrorBound("BF16", v, 1, 1e-2);
        assertErrorBound("F32", v, 1, 0);
    }

    @Test
    void badShapesAreRejectedWithTheTensorName() {
        assertThatThrownBy(() -> new Q4_0Matrix(ByteBuffer.allocate(18), 1, 48, "blk.0.attn_q.weight"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("blk.0.attn_q.weight").hasMessageContaining("multiple of the Q4_0 block size 32");
        assertThatThrownBy(() -> new Q8_0Matrix(ByteBuffer.allocate(34), 2, 32, "output.weight"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("output.weight").hasMessageContaining("needs 68 bytes");
        assertThatThrownBy(() -> Quantization.quantize("Q5_1", new float[32]))
                .hasMessageContaining("Q5_1").hasMessageContaining("Q4_K");
    }

    private static void assertErrorBound(String type, float[] v, int group, double relative) {
        byte[] q = Quantization.quantize(type, v);
        float[] back = new float[v.length];
        WeightMatrices.create(type, ByteBuffer.wrap(q), 1, v.length, "t").dequantizeRow(0, back, 0);
        for (int g = 0; g < v.length; g += group) {
            double amax = 0;
            double lo = 0;
            double hi = 0;
            for (int i = g; i < g + group; i++) {
                amax = Math.max(amax, Math.abs(v[i]));
                lo = Math.min(lo, v[i]);
                hi = Math.max(hi, v[i]);
            }
            double ref = type.equals("Q4_K") ? hi - lo : amax;
            for (int i = g; i < g + group; i++) {
                double bound = group == 1 ? Math.abs(v[i]) * relative : ref * relative;
                assertThat(Math.abs(back[i] - v[i])).as("%s element %d (%f -> %f)", type, i, v[i], back[i])
                        .isLessThanOrEqualTo((float) (bound + 1e-7));
            }
        }
    }

    private static float[] decode(WeightMatrix m) {
        float[] out = new float[m.cols()];
        m.dequantizeRow(0, out, 0);
        return out;
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Random blocks with sane (finite, moderate) F16 scales and random payload bytes. */
    private static byte[] randomBlocks(String type, int count, Random rnd) {
        int bytes = (int) Quantization.byteSize(type, count);
        ByteBuffer b = le(bytes);
        switch (type) {
            case "F32":
                for (int i = 0; i < count; i++) {
                    b.putFloat((float) rnd.nextGaussian());
                }
                break;
            case "F16":
                for (int i = 0; i < count; i++) {
                    b.putShort(Float16.fromFloat((float) rnd.nextGaussian()));
                }
                break;
            case "BF16":
                for (int i = 0; i < count; i++) {
                    b.putShort(Float16.bf16FromFloat((float) rnd.nextGaussian()));
                }
                break;
            default:
                rnd.nextBytes(b.array());
                int blockBytes = (int) Quantization.byteSize(type, type.endsWith("_K") ? 256 : 32);
                for (int p = 0; p < bytes; p += blockBytes) {
                    short d = Float16.fromFloat((float) (rnd.nextDouble() * 0.1 - 0.05));
                    if (type.equals("Q6_K")) {
                        b.putShort(p + 208, d);
                    } else {
                        b.putShort(p, d);
                        if (type.equals("Q4_K")) {
                            b.putShort(p + 2, Float16.fromFloat((float) (rnd.nextDouble() * 0.05)));
                        }
                    }
                }
        }
        return b.array();
    }

    // ---- a literal transcription of ggml's dequantize_row_* (ggml-quants.c) ----

    private static float fp16(byte[] b, int p) {
        return Float16.toFloat((short) ((b[p] & 0xFF) | (b[p + 1] << 8)));
    }

    static float[] reference(byte[] x, String type) {
        ByteBuffer bb = ByteBuffer.wrap(x).order(ByteOrder.LITTLE_ENDIAN);
        switch (type) {
            case "F32": {
                float[] y = new float[x.length / 4];
                bb.asFloatBuffer().get(y);
                return y;
            }
            case "F16": {
                float[] y = new float[x.length / 2];
                for (int i = 0; i < y.length; i++) {
                    y[i] = fp16(x, 2 * i);
                }
                return y;
            }
            case "BF16": {
                float[] y = new float[x.length / 2];
                for (int i = 0; i < y.length; i++) {
                    y[i] = Float.intBitsToFloat(((x[2 * i] & 0xFF) | ((x[2 * i + 1] & 0xFF) << 8)) << 16);
                }
                return y;
            }
            case "Q8_0": {
                int nb = x.length / 34;
                float[] y = new float[nb * 32];
                for (int i = 0; i < nb; i++) {
                    float d = fp16(x, 34 * i);
                    for (int j = 0; j < 32; ++j) {
                        y[i * 32 + j] = x[34 * i + 2 + j] * d;
                    }
                }
                return y;
            }
            case "Q4_0": {
                int nb = x.length / 18;
                float[] y = new float[nb * 32];
                for (int i = 0; i < nb; i++) {
                    float d = fp16(x, 18 * i);
                    for (int j = 0; j < 16; ++j) {
                        int x0 = (x[18 * i + 2 + j] & 0x0F) - 8;
                        int x1 = ((x[18 * i + 2 + j] & 0xFF) >> 4) - 8;
                        y[i * 32 + j] = x0 * d;
                        y[i * 32 + j + 16] = x1 * d;
                    }
                }
                return y;
            }
            case "Q4_K": {
                int nb = x.length / 144;
                float[] y = new float[nb * 256];
                int yi = 0;
                for (int i = 0; i < nb; i++) {
                    int base = 144 * i;
                    float d = fp16(x, base);
                    float min = fp16(x, base + 2);
                    int q = base + 16;
                    int is = 0;
                    for (int j = 0; j < 256; j += 64) {
                        int[] sm1 = scaleMinK4(is, x, base + 4);
                        float d1 = d * sm1[0];
                        float m1 = min * sm1[1];
                        int[] sm2 = scaleMinK4(is + 1, x, base + 4);
                        float d2 = d * sm2[0];
                        float m2 = min * sm2[1];
                        for (int l = 0; l < 32; ++l) {
                            y[yi++] = d1 * (x[q + l] & 0xF) - m1;
                        }
                        for (int l = 0; l < 32; ++l) {
                            y[yi++] = d2 * ((x[q + l] & 0xFF) >> 4) - m2;
                        }
                        q += 32;
                        is += 2;
                    }
                }
                return y;
            }
            case "Q6_K": {
                int nb = x.length / 210;
                float[] y = new float[nb * 256];
                for (int i = 0; i < nb; i++) {
                    int base = 210 * i;
                    float d = fp16(x, base + 208);
                    int ql = base;
                    int qh = base + 128;
                    int sc = base + 192;
                    int yo = 256 * i;
                    for (int n = 0; n < 256; n += 128) {
                        for (int l = 0; l < 32; ++l) {
                            int is = l / 16;
                            int q1 = (byte) ((x[ql + l] & 0xF) | (((x[qh + l] >> 0) & 3) << 4)) - 32;
                            int q2 = (byte) ((x[ql + l + 32] & 0xF) | (((x[qh + l] >> 2) & 3) << 4)) - 32;
                            int q3 = (byte) (((x[ql + l] & 0xFF) >> 4) | (((x[qh + l] >> 4) & 3) << 4)) - 32;
                            int q4 = (byte) (((x[ql + l + 32] & 0xFF) >> 4) | (((x[qh + l] >> 6) & 3) << 4)) - 32;
                            y[yo + l] = d * x[sc + is] * q1;
                            y[yo + l + 32] = d * x[sc + is + 2] * q2;
                            y[yo + l + 64] = d * x[sc + is + 4] * q3;
                            y[yo + l + 96] = d * x[sc + is + 6] * q4;
                        }
                        yo += 128;
                        ql += 64;
                        qh += 32;
                        sc += 8;
                    }
                }
                return y;
            }
            default:
                throw new IllegalArgumentException(type);
        }
    }

    private static int[] scaleMinK4(int j, byte[] x, int q) {
        if (j < 4) {
            return new int[] {x[q + j] & 63, x[q + j + 4] & 63};
        }
        return new int[] {
            (x[q + j + 4] & 0xF) | (((x[q + j - 4] & 0xFF) >> 6) << 4),
            ((x[q + j + 4] & 0xFF) >> 4) | (((x[q + j] & 0xFF) >> 6) << 4)};
    }
}
