package dev.lmql.backend.local;

import java.nio.ByteBuffer;

/**
 * Q4_0: blocks of 32 weights = one F16 scale + 16 bytes of nibbles; byte j holds weight j (low nibble) and
 * weight j+16 (high nibble); w = d * (q - 8).
 */
final class Q4_0Matrix extends WeightMatrix {
    static final int BLOCK = 32;
    static final int BLOCK_BYTES = 18;

    Q4_0Matrix(ByteBuffer data, int rows, int cols, String name) {
        super(data, rows, cols, BLOCK, BLOCK_BYTES, name);
    }

    @Override
    String typeName() {
        return "Q4_0";
    }

    @Override
    float dot(int row, float[] x, int xOff) {
        ByteBuffer b = data;
        int p = row * rowBytes;
        int blocks = cols / BLOCK;
        float sum = 0;
        for (int blk = 0; blk < blocks; blk++, p += BLOCK_BYTES, xOff += BLOCK) {
            float d = Float16.toFloat(b.getShort(p));
            float lo = 0;
            float hi = 0;
            float xs = 0;
            for (int w = 0; w < 2; w++) {
                long v = b.getLong(p + 2 + 8 * w);
                int xo = xOff + 8 * w;
                for (int k = 0; k < 8; k++) {
                    int q = (int) (v >>> (8 * k)) & 0xFF;
                    float xl = x[xo + k];
                    float xh = x[xo + 16 + k];
                    lo += (q & 0xF) * xl;
                    hi += (q >>> 4) * xh;
                    xs += xl + xh;
                }
            }
            // sum((q - 8) * x) = sum(q * x) - 8 * sum(x)
            sum += d * (lo + hi - 8 * xs);
        }
        return sum;
    }

    @Override
    void dequantizeRow(int row, float[] out, int outOff) {
        ByteBuffer b = data;
        int p = row * rowBytes;
        int blocks = cols / BLOCK;
        for (int blk = 0; blk < blocks; blk++, p += BLOCK_BYTES, outOff += BLOCK) {
            float d = Float16.toFloat(b.getShort(p));
            for (int j = 0; j < 16; j++) {
                int q = b.get(p + 2 + j) & 0xFF;
                out[outOff + j] = d * ((q & 0xF) - 8);
                out[outOff + j + 16] = d * ((q >>> 4) - 8);
            }
        }
    }
}
