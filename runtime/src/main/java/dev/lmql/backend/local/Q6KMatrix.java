package dev.lmql.backend.local;

import java.nio.ByteBuffer;

/**
 * Q6_K: super-blocks of 256 weights (210 bytes): 128 bytes of low nibbles, 64 bytes of high 2-bit pairs, sixteen
 * signed 8-bit scales (one per 16 weights) and an F16 d; w = d * scale * (q - 32) with q in 0..63. Within each
 * half (128 weights), byte l of the low nibbles and of the high pairs feeds weights l, l+32, l+64 and l+96.
 */
final class Q6KMatrix extends BlockQuantizedMatrix {
    static final int BLOCK = 256;
    static final int BLOCK_BYTES = 210;

    Q6KMatrix(ByteBuffer data, int rows, int cols, String name) {
        super(data, rows, cols, BLOCK, BLOCK_BYTES, name);
    }

    @Override
    String typeName() {
        return "Q6_K";
    }

    @Override
    float vectorDot(byte[] w, int p, float[] x, int xOff, float[] prepared) {
        return QuantizedVectorKernels.q6K(w, p, blocks, x, xOff);
    }

    /** Per 16 weights, four sums (one per scale) without any scratch array. */
    @Override
    float scalarDot(int row, float[] x, int xOff) {
        ByteBuffer w = data;
        int p = row * rowBytes;
        float sum = 0;
        for (int blk = 0; blk < blocks; blk++, p += BLOCK_BYTES, xOff += BLOCK) {
            float s = 0;
            for (int half = 0; half < 2; half++) {
                int ql = p + 64 * half;
                int qh = p + 128 + 32 * half;
                int sc = p + 192 + 8 * half;
                int xb = xOff + 128 * half;
                for (int is = 0; is < 2; is++) {
                    float s1 = 0;
                    float s2 = 0;
                    float s3 = 0;
                    float s4 = 0;
                    for (int l = 16 * is; l < 16 * is + 16; l++) {
                        int a = w.get(ql + l);
                        int b = w.get(ql + l + 32);
                        int h = w.get(qh + l);
                        s1 += (((a & 0xF) | ((h & 3) << 4)) - 32) * x[xb + l];
                        s2 += (((b & 0xF) | ((h & 0xC) << 2)) - 32) * x[xb + l + 32];
                        s3 += ((((a >> 4) & 0xF) | (h & 0x30)) - 32) * x[xb + l + 64];
                        s4 += ((((b >> 4) & 0xF) | ((h >> 2) & 0x30)) - 32) * x[xb + l + 96];
                    }
                    s += w.get(sc + is) * s1 + w.get(sc + is + 2) * s2 + w.get(sc + is + 4) * s3
                            + w.get(sc + is + 6) * s4;
                }
            }
            sum += Float16.toFloat(w.getShort(p + 208)) * s;
        }
        return sum;
    }

    @Override
    void dequantizeRow(byte[] w, int p, float[] out, int outOff) {
        for (int blk = 0; blk < blocks; blk++, p += BLOCK_BYTES, outOff += BLOCK) {
            float d = half(w, p + 208);
            for (int half = 0; half < 2; half++) {
                int ql = p + 64 * half;
                int qh = p + 128 + 32 * half;
                int o = outOff + 128 * half;
                int sc = p + 192 + 8 * half;
                for (int l = 0; l < 32; l++) {
                    int a = w[ql + l];
                    int b = w[ql + l + 32];
                    int h = w[qh + l];
                    int is = sc + (l >>> 4);
                    out[o + l] = d * w[is] * (((a & 0xF) | ((h & 3) << 4)) - 32);
                    out[o + l + 32] = d * w[is + 2] * (((b & 0xF) | ((h & 0xC) << 2)) - 32);
                    out[o + l + 64] = d * w[is + 4] * ((((a >> 4) & 0xF) | (h & 0x30)) - 32);
                    out[o + l + 96] = d * w[is + 6] * ((((b >> 4) & 0xF) | ((h >> 2) & 0x30)) - 32);
                }
            }
        }
    }
}
