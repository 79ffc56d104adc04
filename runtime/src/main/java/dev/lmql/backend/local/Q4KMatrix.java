package dev.lmql.backend.local;

import java.nio.ByteBuffer;

/**
 * Q4_K: super-blocks of 256 weights (144 bytes): F16 d, F16 dmin, 12 bytes packing eight 6-bit scales and eight
 * 6-bit mins, 128 bytes of nibbles. Sub-block j (32 weights) decodes as {@code d*sc[j]*q - dmin*m[j]}; each run
 * of 32 bytes holds sub-block 2i in its low nibbles and 2i+1 in its high nibbles.
 */
final class Q4KMatrix extends WeightMatrix {
    static final int BLOCK = 256;
    static final int BLOCK_BYTES = 144;

    Q4KMatrix(ByteBuffer data, int rows, int cols, String name) {
        super(data, rows, cols, BLOCK, BLOCK_BYTES, name);
    }

    @Override
    String typeName() {
        return "Q4_K";
    }

    /** Unpacks the 6-bit scales (out[0..8)) and mins (out[8..16)) of the super-block at byte p. */
    static void scalesAndMins(ByteBuffer b, int p, int[] out) {
        int s = p + 4;
        for (int j = 0; j < 4; j++) {
            out[j] = b.get(s + j) & 63;
            out[8 + j] = b.get(s + j + 4) & 63;
        }
        for (int j = 4; j < 8; j++) {
            int hi = b.get(s + j + 4) & 0xFF;
            out[j] = (hi & 0xF) | (((b.get(s + j - 4) & 0xFF) >>> 6) << 4);
            out[8 + j] = (hi >>> 4) | (((b.get(s + j) & 0xFF) >>> 6) << 4);
        }
    }

    @Override
    float dot(int row, float[] x, int xOff) {
        ByteBuffer b = data;
        int p = row * rowBytes;
        int blocks = cols / BLOCK;
        int[] sm = new int[16];
        float sum = 0;
        for (int blk = 0; blk < blocks; blk++, p += BLOCK_BYTES, xOff += BLOCK) {
            float d = Float16.toFloat(b.getShort(p));
            float dmin = Float16.toFloat(b.getShort(p + 2));
            scalesAndMins(b, p, sm);
            int q = p + 16;
            for (int c = 0; c < 4; c++, q += 32) {
                int xo = xOff + 64 * c;
                float lo = 0;
                float hi = 0;
                float xlo = 0;
                float xhi = 0;
                for (int w = 0; w < 4; w++) {
                    long v = b.getLong(q + 8 * w);
                    for (int k = 0; k < 8; k++) {
                        int qb = (int) (v >>> (8 * k)) & 0xFF;
                        float a = x[xo + 8 * w + k];
                        float e = x[xo + 32 + 8 * w + k];
                        lo += (qb & 0xF) * a;
                        hi += (qb >>> 4) * e;
                        xlo += a;
                        xhi += e;
                    }
                }
                sum += d * (sm[2 * c] * lo + sm[2 * c + 1] * hi) - dmin * (sm[8 + 2 * c] * xlo + sm[9 + 2 * c] * xhi);
            }
        }
        return sum;
    }

    @Override
    void dequantizeRow(int row, float[] out, int outOff) {
        ByteBuffer b = data;
        int p = row * rowBytes;
        int blocks = cols / BLOCK;
        int[] sm = new int[16];
        for (int blk = 0; blk < blocks; blk++, p += BLOCK_BYTES, outOff += BLOCK) {
            float d = Float16.toFloat(b.getShort(p));
            float dmin = Float16.toFloat(b.getShort(p + 2));
            scalesAndMins(b, p, sm);
            for (int c = 0; c < 4; c++) {
                float d1 = d * sm[2 * c];
                float m1 = dmin * sm[8 + 2 * c];
                float d2 = d * sm[2 * c + 1];
                float m2 = dmin * sm[9 + 2 * c];
                int q = p + 16 + 32 * c;
                int o = outOff + 64 * c;
                for (int l = 0; l < 32; l++) {
                    int qb = b.get(q + l) & 0xFF;
                    out[o + l] = d1 * (qb & 0xF) - m1;
                    out[o + 32 + l] = d2 * (qb >>> 4) - m2;
                }
            }
        }
    }
}
