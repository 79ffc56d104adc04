package dev.lmql.backend.local;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Encodes float weights into the GGUF tensor types the local engine reads (F32, F16, BF16, Q8_0, Q4_0, Q4_K,
 * Q6_K), byte-compatible with ggml's layouts. Used to write test and benchmark models; the quantizers use simple
 * min/max scale choices (ggml searches for slightly better scales), so the error bounds are those of the format.
 */
public final class Quantization {
    private Quantization() {
    }

    /** The tensor types this class and the engine support, by their GGUF names. */
    public static final java.util.List<String> SUPPORTED_TYPES =
            java.util.List.of("F32", "F16", "BF16", "Q8_0", "Q4_0", "Q4_K", "Q6_K");

    /**
     * Encodes {@code values} (whose length must be a multiple of the type's block size per row; callers quantize
     * whole rows) as the named tensor type.
     *
     * @throws IllegalArgumentException for an unsupported type or a length that is not a multiple of the block
     */
    public static byte[] quantize(String type, float[] values) {
        switch (type) {
            case "F32":
                return f32(values);
            case "F16":
                return f16(values);
            case "BF16":
                return bf16(values);
            case "Q8_0":
                return q8_0(values);
            case "Q4_0":
                return q4_0(values);
            case "Q4_K":
                return q4K(values);
            case "Q6_K":
                return q6K(values);
            default:
                throw new IllegalArgumentException("cannot quantize to " + type + "; supported: " + SUPPORTED_TYPES);
        }
    }

    /** Bytes per {@code count} values of the named type. */
    public static long byteSize(String type, long count) {
        switch (type) {
            case "F32":
                return count * 4;
            case "F16":
            case "BF16":
                return count * 2;
            case "Q8_0":
                return count / 32 * 34;
            case "Q4_0":
                return count / 32 * 18;
            case "Q4_K":
                return count / 256 * 144;
            case "Q6_K":
                return count / 256 * 210;
            default:
                throw new IllegalArgumentException("unknown tensor type " + type + "; supported: " + SUPPORTED_TYPES);
        }
    }

    private static ByteBuffer buffer(int bytes) {
        return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void requireMultiple(float[] v, int block, String type) {
        if (v.length % block != 0) {
            throw new IllegalArgumentException(type + " needs a multiple of " + block + " values, got " + v.length);
        }
    }

    static byte[] f32(float[] v) {
        ByteBuffer b = buffer(v.length * 4);
        for (float f : v) {
            b.putFloat(f);
        }
        return b.array();
    }

    static byte[] f16(float[] v) {
        ByteBuffer b = buffer(v.length * 2);
        for (float f : v) {
            b.putShort(Float16.fromFloat(f));
        }
        return b.array();
    }

    static byte[] bf16(float[] v) {
        ByteBuffer b = buffer(v.length * 2);
        for (float f : v) {
            b.putShort(Float16.bf16FromFloat(f));
        }
        return b.array();
    }

    static byte[] q8_0(float[] v) {
        requireMultiple(v, 32, "Q8_0");
        ByteBuffer b = buffer(v.length / 32 * 34);
        for (int i = 0; i < v.length; i += 32) {
            float amax = 0;
            for (int j = 0; j < 32; j++) {
                amax = Math.max(amax, Math.abs(v[i + j]));
            }
            float d = amax / 127f;
            float id = d != 0 ? 1f / d : 0f;
            b.putShort(Float16.fromFloat(d));
            for (int j = 0; j < 32; j++) {
                b.put((byte) Math.round(v[i + j] * id));
            }
        }
        return b.array();
    }

    static byte[] q4_0(float[] v) {
        requireMultiple(v, 32, "Q4_0");
        ByteBuffer b = buffer(v.length / 32 * 18);
        for (int i = 0; i < v.length; i += 32) {
            // as ggml: the value of largest magnitude maps to -8, so its sign picks the scale's sign
            float amax = 0;
            float max = 0;
            for (int j = 0; j < 32; j++) {
                if (Math.abs(v[i + j]) > amax) {
                    amax = Math.abs(v[i + j]);
                    max = v[i + j];
                }
            }
            float d = max / -8f;
            float id = d != 0 ? 1f / d : 0f;
            b.putShort(Float16.fromFloat(d));
            for (int j = 0; j < 16; j++) {
                int lo = Math.min(15, (int) (v[i + j] * id + 8.5f));
                int hi = Math.min(15, (int) (v[i + j + 16] * id + 8.5f));
                b.put((byte) (lo | (hi << 4)));
            }
        }
        return b.array();
    }

    static byte[] q4K(float[] v) {
        requireMultiple(v, 256, "Q4_K");
        ByteBuffer b = buffer(v.length / 256 * 144);
        float[] scale = new float[8];
        float[] minNeg = new float[8];
        for (int i = 0; i < v.length; i += 256) {
            float maxScale = 0;
            float maxMin = 0;
            for (int j = 0; j < 8; j++) {
                float lo = Float.POSITIVE_INFINITY;
                float hi = Float.NEGATIVE_INFINITY;
                for (int l = 0; l < 32; l++) {
                    lo = Math.min(lo, v[i + 32 * j + l]);
                    hi = Math.max(hi, v[i + 32 * j + l]);
                }
                lo = Math.min(lo, 0f);
                scale[j] = (hi - lo) / 15f;
                minNeg[j] = -lo;
                maxScale = Math.max(maxScale, scale[j]);
                maxMin = Math.max(maxMin, minNeg[j]);
            }
            float d = maxScale / 63f;
            float dmin = maxMin / 63f;
            short dh = Float16.fromFloat(d);
            short dminh = Float16.fromFloat(dmin);
            float dq = Float16.toFloat(dh);
            float dminq = Float16.toFloat(dminh);
            int[] sc = new int[8];
            int[] m = new int[8];
            for (int j = 0; j < 8; j++) {
                sc[j] = dq > 0 ? Math.min(63, Math.round(scale[j] / dq)) : 0;
                m[j] = dminq > 0 ? Math.min(63, Math.round(minNeg[j] / dminq)) : 0;
            }
            b.putShort(dh);
            b.putShort(dminh);
            byte[] packed = new byte[12];
            for (int j = 0; j < 4; j++) {
                packed[j] = (byte) (sc[j] | ((sc[j + 4] >>> 4) << 6));
                packed[j + 4] = (byte) (m[j] | ((m[j + 4] >>> 4) << 6));
                packed[j + 8] = (byte) ((sc[j + 4] & 0xF) | ((m[j + 4] & 0xF) << 4));
            }
            b.put(packed);
            int[] q = new int[256];
            for (int j = 0; j < 8; j++) {
                float ds = dq * sc[j];
                float mn = dminq * m[j];
                for (int l = 0; l < 32; l++) {
                    int k = 32 * j + l;
                    q[k] = ds > 0 ? Math.max(0, Math.min(15, Math.round((v[i + k] + mn) / ds))) : 0;
                }
            }
            for (int c = 0; c < 4; c++) {
                for (int l = 0; l < 32; l++) {
                    b.put((byte) (q[64 * c + l] | (q[64 * c + 32 + l] << 4)));
                }
            }
        }
        return b.array();
    }

    static byte[] q6K(float[] v) {
        requireMultiple(v, 256, "Q6_K");
        ByteBuffer b = buffer(v.length / 256 * 210);
        for (int i = 0; i < v.length; i += 256) {
            float[] sub = new float[16];
            float amaxSub = 0;
            for (int j = 0; j < 16; j++) {
                float amax = 0;
                for (int l = 0; l < 16; l++) {
                    amax = Math.max(amax, Math.abs(v[i + 16 * j + l]));
                }
                sub[j] = amax / 31f;
                amaxSub = Math.max(amaxSub, sub[j]);
            }
            float d = amaxSub / 127f;
            short dh = Float16.fromFloat(d);
            float dq = Float16.toFloat(dh);
            byte[] sc = new byte[16];
            int[] q = new int[256];
            for (int j = 0; j < 16; j++) {
                sc[j] = (byte) (dq > 0 ? Math.min(127, Math.round(sub[j] / dq)) : 0);
                float s = dq * sc[j];
                for (int l = 0; l < 16; l++) {
                    int k = 16 * j + l;
                    int qi = s > 0 ? Math.max(-32, Math.min(31, Math.round(v[i + k] / s))) : 0;
                    q[k] = qi + 32;
                }
            }
            byte[] ql = new byte[128];
            byte[] qh = new byte[64];
            for (int half = 0; half < 2; half++) {
                int n = 128 * half;
                for (int l = 0; l < 32; l++) {
                    int q1 = q[n + l];
                    int q2 = q[n + l + 32];
                    int q3 = q[n + l + 64];
                    int q4 = q[n + l + 96];
                    ql[64 * half + l] = (byte) ((q1 & 0xF) | ((q3 & 0xF) << 4));
                    ql[64 * half + l + 32] = (byte) ((q2 & 0xF) | ((q4 & 0xF) << 4));
                    qh[32 * half + l] = (byte) ((q1 >>> 4) | ((q2 >>> 4) << 2) | ((q3 >>> 4) << 4) | ((q4 >>> 4) << 6));
                }
            }
            b.put(ql);
            b.put(qh);
            b.put(sc);
            b.putShort(dh);
        }
        return b.array();
    }
}
