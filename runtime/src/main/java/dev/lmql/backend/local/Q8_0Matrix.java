package dev.lmql.backend.local;

import java.nio.ByteBuffer;

/** Q8_0: blocks of 32 weights = one F16 scale + 32 signed bytes; w = d * q. */
final class Q8_0Matrix extends BlockQuantizedMatrix {
    static final int BLOCK = 32;
    static final int BLOCK_BYTES = 34;

    Q8_0Matrix(ByteBuffer data, int rows, int cols, String name) {
        super(data, rows, cols, BLOCK, BLOCK_BYTES, name);
    }

    @Override
    String typeName() {
        return "Q8_0";
    }

    @Override
    float vectorDot(byte[] w, int p, float[] x, int xOff, float[] prepared) {
        return QuantizedVectorKernels.q8_0(w, p, blocks, x, xOff);
    }

    @Override
    float scalarDot(int row, float[] x, int xOff) {
        ByteBuffer b = data;
        int p = row * rowBytes;
        float sum = 0;
        for (int blk = 0; blk < blocks; blk++, p += BLOCK_BYTES, xOff += BLOCK) {
            float d = Float16.toFloat(b.getShort(p));
            float s0 = 0;
            float s1 = 0;
            for (int w = 0; w < 4; w++) {
                long v = b.getLong(p + 2 + 8 * w);
                int xo = xOff + 8 * w;
                s0 += (byte) v * x[xo] + (byte) (v >> 8) * x[xo + 1]
                        + (byte) (v >> 16) * x[xo + 2] + (byte) (v >> 24) * x[xo + 3];
                s1 += (byte) (v >> 32) * x[xo + 4] + (byte) (v >> 40) * x[xo + 5]
                        + (byte) (v >> 48) * x[xo + 6] + (byte) (v >> 56) * x[xo + 7];
            }
            sum += d * (s0 + s1);
        }
        return sum;
    }

    @Override
    void dequantizeRow(byte[] w, int p, float[] out, int outOff) {
        if (SimdDot.QUANTIZED) {
            QuantizedVectorKernels.dequantizeQ8_0(w, p, blocks, out, outOff);
        } else {
            scalarDequantize(w, p, out, outOff);
        }
    }

    /** The plain-Java decoder (also the reference the vector decoder is tested against). */
    void scalarDequantize(byte[] w, int p, float[] out, int outOff) {
        for (int blk = 0; blk < blocks; blk++, p += BLOCK_BYTES, outOff += BLOCK) {
            float d = half(w, p);
            for (int j = 0; j < BLOCK; j++) {
                out[outOff + j] = d * w[p + 2 + j];
            }
        }
    }
}
