package dev.lmql.backend.local;

import java.nio.ByteBuffer;

/**
 * Q6_K: super-blocks of 256 weights (210 bytes): 128 bytes of low nibbles, 64 bytes of high 2-bit pairs, sixteen
 * signed 8-bit scales (one per 16 weights) and an F16 d; w = d * scale * (q - 32) with q in 0..63.
 */
final class Q6KMatrix extends WeightMatrix {
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
    float dot(int row, float[] x, int xOff) {
        ByteBuffer b = data;
        int p = row * rowBytes;
        int blocks = cols / BLOCK;
        float sum = 0;
        float[] sub = new float[16];
        for (int blk = 0; blk < blocks; blk++, p += BLOCK_BYTES, xOff += BLOCK) {
            float d = Float16.toFloat(b.getShort(p + 208));
            java.util.Arrays.fill(sub, 0f);
            for (int half = 0; half < 2; half++) {
                int ql = p + 64 * half;
                int qh = p + 128 + 32 * half;
                int xo = xOff + 128 * half;
                int sb = 8 * half;
                for (int l = 0; l < 32; l++) {
                    int lowA = b.get(ql + l) & 0xFF;
                    int lowB = b.get(ql + l + 32) & 0xFF;
                    int h = b.get(qh + l) & 0xFF;
                    int q1 = ((lowA & 0xF) | ((h & 3) << 4)) - 32;
                    int q2 = ((lowB & 0xF) | (((h >>> 2) & 3) << 4)) - 32;
                    int q3 = ((lowA >>> 4) | (((h >>> 4) & 3) << 4)) - 32;
                    int q4 = ((lowB >>> 4) | (((h >>> 6) & 3) << 4)) - 32;
                    int is = sb + (l >>> 4);
                    sub[is] += q1 * x[xo + l];
                    sub[is + 2] += q2 * x[xo + l + 32];
                    sub[is + 4] += q3 * x[xo + l + 64];
                    sub[is + 6] += q4 * x[xo + l + 96];
                }
            }
            float s = 0;
            for (int j = 0; j < 16; j++) {
                s += b.get(p + 192 + j) * sub[j];
            }
            sum += d * s;
        }
        return sum;
    }

    @Override
    void dequantizeRow(int row, float[] out, int outOff) {
        ByteBuffer b = data;
        int p = row * rowBytes;
        int blocks = cols / BLOCK;
        for (int blk = 0; blk < blocks; blk++, p += BLOCK_BYTES, outOff += BLOCK) {
            float d = Float16.toFloat(b.getShort(p + 208));
            for (int half = 0; half < 2; half++) {
                int ql = p + 64 * half;
                int qh = p + 128 + 32 * half;
                int o = outOff + 128 * half;
                int sc = p + 192 + 8 * half;
                for (int l = 0; l < 32; l++) {
                    int lowA = b.get(ql + l) & 0xFF;
                    int lowB = b.get(ql + l + 32) & 0xFF;
                    int h = b.get(qh + l) & 0xFF;
                    int is = l >>> 4;
                    out[o + l] = d * b.get(sc + is) * (((lowA & 0xF) | ((h & 3) << 4)) - 32);
                    out[o + l + 32] = d * b.get(sc + is + 2) * (((lowB & 0xF) | (((h >>> 2) & 3) << 4)) - 32);
                    out[o + l + 64] = d * b.get(sc + is + 4) * (((lowA >>> 4) | (((h >>> 4) & 3) << 4)) - 32);
                    out[o + l + 96] = d * b.get(sc + is + 6) * (((lowB >>> 4) | (((h >>> 6) & 3) << 4)) - 32);
                }
            }
        }
    }
}
