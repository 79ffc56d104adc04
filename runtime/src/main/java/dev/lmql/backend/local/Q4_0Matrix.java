package dev.lmql.backend.local;

import java.nio.ByteBuffer;

/**
 * Q4_0: blocks of 32 weights = one F16 scale + 16 bytes of nibbles; byte j holds weight j (low nibble) and
 * weight j+16 (high nibble); w = d * (q - 8).
 */
final class Q4_0Matrix extends BlockQuantizedMatrix {
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
    float vectorDot(byte[] w, int p, float[] x, int xOff, float[] prepared) {
        return QuantizedVectorKernels.q4_0(w, p, blocks, x, xOff);
    }

    /** sum((q - 8) * x) = sum(q * x) - 8 * sum(x): the nibble products and the x sum run in separate chains. */
    @Override
    float scalarDot(int row, float[] x, int xOff) {
        ByteBuffer b = data;
        int p = row * rowBytes;
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
            sum += d * (lo + hi - 8 * xs);
        }
        return sum;
    }

    @Override
    void dequantizeRow(byte[] w, int p, float[] out, int outOff) {
        if (SimdDot.QUANTIZED) {
            QuantizedVectorKernels.dequantizeQ4_0(w, p, blocks, out, outOff);
        } else {
            scalarDequantize(w, p, out, outOff);
        }
    }

    /** The plain-Java decoder (also the reference the vector decoder is tested against). */
    void scalarDequantize(byte[] w, int p, float[] out, int outOff) {
        for (int blk = 0; blk < blocks; blk++, p += BLOCK_BYTES, outOff += BLOCK) {
            float d = half(w, p);
            for (int j = 0; j < 16; j++) {
                int q = w[p + 2 + j];
                out[outOff + j] = d * ((q & 0xF) - 8);
                out[outOff + j + 16] = d * (((q >> 4) & 0xF) - 8);
            }
        }
    }
}
