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
    float dotRow(byte[] w, int p, float[] x, int xOff, float[] prepared) {
        return SimdDot.QUANTIZED ? QuantizedVectorKernels.q8_0(w, p, blocks, x, xOff) : scalarDot(w, p, blocks, x, xOff);
    }

    /** The plain-Java kernel: four independent sums per block keep the multiply-adds from waiting on each other. */
    static float scalarDot(byte[] w, int p, int blocks, float[] x, int xo) {
        float sum = 0;
        for (int blk = 0; blk < blocks; blk++, p += BLOCK_BYTES, xo += BLOCK) {
            float s0 = 0;
            float s1 = 0;
            float s2 = 0;
            float s3 = 0;
            int q = p + 2;
            for (int j = 0; j < BLOCK; j += 4) {
                s0 += w[q + j] * x[xo + j];
                s1 += w[q + j + 1] * x[xo + j + 1];
                s2 += w[q + j + 2] * x[xo + j + 2];
                s3 += w[q + j + 3] * x[xo + j + 3];
            }
            sum += half(w, p) * ((s0 + s1) + (s2 + s3));
        }
        return sum;
    }

    @Override
    void dequantizeRow(byte[] w, int p, float[] out, int outOff) {
        for (int blk = 0; blk < blocks; blk++, p += BLOCK_BYTES, outOff += BLOCK) {
            float d = half(w, p);
            for (int j = 0; j < BLOCK; j++) {
                out[outOff + j] = d * w[p + 2 + j];
            }
        }
    }
}
