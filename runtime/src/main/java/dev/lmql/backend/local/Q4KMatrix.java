package dev.lmql.backend.local;

import java.nio.ByteBuffer;

/**
 * Q4_K: super-blocks of 256 weights (144 bytes): F16 d, F16 dmin, 12 bytes packing eight 6-bit scales and eight
 * 6-bit mins, 128 bytes of nibbles. Sub-block j (32 weights) decodes as {@code d*sc[j]*q - dmin*m[j]}; each run
 * of 32 bytes holds sub-block 2i in its low nibbles and 2i+1 in its high nibbles.
 */
final class Q4KMatrix extends BlockQuantizedMatrix {
    static final int BLOCK = 256;
    static final int BLOCK_BYTES = 144;

    Q4KMatrix(ByteBuffer data, int rows, int cols, String name) {
        super(data, rows, cols, BLOCK, BLOCK_BYTES, name);
    }

    @Override
    String typeName() {
        return "Q4_K";
    }

    /** The 6-bit scale of sub-block {@code j} (0..7) of the super-block at {@code w[p]}. */
    static int scale(byte[] w, int p, int j) {
        int s = p + 4;
        return j < 4 ? w[s + j] & 63 : (w[s + j + 4] & 0xF) | (((w[s + j - 4] & 0xFF) >>> 6) << 4);
    }

    /** The 6-bit min of sub-block {@code j} (0..7) of the super-block at {@code w[p]}. */
    static int min(byte[] w, int p, int j) {
        int s = p + 4;
        return j < 4 ? w[s + j + 4] & 63 : ((w[s + j + 4] & 0xFF) >>> 4) | (((w[s + j] & 0xFF) >>> 6) << 4);
    }

    /** The sums of x's consecutive groups of 32 values: the mins' share of every row's dot product. */
    @Override
    float[] prepare(float[] x, int xOff) {
        return groupSums(x, xOff, cols / 32);
    }

    static float[] groupSums(float[] x, int xOff, int groups) {
        float[] sums = new float[groups];
        for (int g = 0; g < groups; g++) {
            float s = 0;
            for (int i = 0; i < 32; i++) {
                s += x[xOff + 32 * g + i];
            }
            sums[g] = s;
        }
        return sums;
    }

    @Override
    float vectorDot(byte[] w, int p, float[] x, int xOff, float[] xSums) {
        return QuantizedVectorKernels.q4K(w, p, blocks, x, xOff, xSums);
    }

    /** The sums of x per sub-block are accumulated alongside (four chains: measured faster than precomputed sums). */
    @Override
    float scalarDot(int row, float[] x, int xOff) {
        ByteBuffer b = data;
        int p = row * rowBytes;
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

    /** Unpacks the 6-bit scales (out[0..8)) and mins (out[8..16)) of the super-block at byte p of the buffer. */
    private static void scalesAndMins(ByteBuffer b, int p, int[] out) {
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
    void dequantizeRow(byte[] w, int p, float[] out, int outOff) {
        if (SimdDot.QUANTIZED) {
            QuantizedVectorKernels.dequantizeQ4K(w, p, blocks, out, outOff);
        } else {
            scalarDequantize(w, p, out, outOff);
        }
    }

    /** The plain-Java decoder (also the reference the vector decoder is tested against). */
    void scalarDequantize(byte[] w, int p, float[] out, int outOff) {
        for (int blk = 0; blk < blocks; blk++, p += BLOCK_BYTES, outOff += BLOCK) {
            float d = half(w, p);
            float dmin = half(w, p + 2);
            for (int c = 0; c < 4; c++) {
                float d1 = d * scale(w, p, 2 * c);
                float m1 = dmin * min(w, p, 2 * c);
                float d2 = d * scale(w, p, 2 * c + 1);
                float m2 = dmin * min(w, p, 2 * c + 1);
                int q = p + 16 + 32 * c;
                int o = outOff + 64 * c;
                for (int l = 0; l < 32; l++) {
                    int qb = w[q + l];
                    out[o + l] = d1 * (qb & 0xF) - m1;
                    out[o + 32 + l] = d2 * ((qb >> 4) & 0xF) - m2;
                }
            }
        }
    }
}
