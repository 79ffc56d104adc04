package dev.lmql.backend.local;

import java.nio.ByteBuffer;

/**
 * A matrix of block-quantized rows (Q8_0, Q4_0, Q4_K, Q6_K; F16 and BF16 as blocks of one value). For the vector kernels and for decoding, rows are
 * copied from the mapped file into a heap array first: a bulk copy runs at memory speed, and a plain array
 * is what the Vector API loads fastest (measured: ~1.6x for Q8_0 over loads from the mapped buffer). Each type
 * supplies a vector kernel over such a copy, used when {@link SimdDot#QUANTIZED}, and a scalar kernel that reads the
 * mapped buffer in place.
 */
abstract class BlockQuantizedMatrix extends WeightMatrix {
    /** Rows are copied in chunks of about this many bytes: large enough to amortise the copy call, L1-sized. */
    private static final int CHUNK_BYTES = 16 * 1024;

    final int blocks;

    BlockQuantizedMatrix(ByteBuffer data, int rows, int cols, int blockSize, int blockBytes, String name) {
        super(data, rows, cols, blockSize, blockBytes, name);
        this.blocks = cols / blockSize;
    }

    /**
     * Per-activation data computed once per matrix-vector product and handed to every row's vector kernel (Q4_K:
     * the sums of each 32 values of x); null when the type needs none.
     */
    float[] prepare(float[] x, int xOff) {
        return null;
    }

    /** The Vector API dot product of the row whose bytes start at {@code w[p]} with {@code x[xOff ..]}. */
    abstract float vectorDot(byte[] w, int p, float[] x, int xOff, float[] prepared);

    /**
     * The plain-Java dot product of row {@code row} with {@code x[xOff ..]}, reading the mapped bytes in place
     * with one long load per eight bytes: without SIMD the copy to the heap does not pay (measured end to end on a
     * 0.5B Q8_0 model: 2.5 generated tokens per CPU-second in place, 1.6 from a heap copy).
     */
    abstract float scalarDot(int row, float[] x, int xOff);

    /** Decodes the row whose bytes start at {@code w[p]} into {@code out[outOff ..]}. */
    abstract void dequantizeRow(byte[] w, int p, float[] out, int outOff);

    @Override
    final float dot(int row, float[] x, int xOff) {
        if (!SimdDot.QUANTIZED) {
            return scalarDot(row, x, xOff);
        }
        byte[] w = new byte[rowBytes];
        data.get(row * rowBytes, w, 0, rowBytes);
        return vectorDot(w, 0, x, xOff, prepare(x, xOff));
    }

    @Override
    final void dotRows(int start, int end, float[] x, float[] out) {
        if (!SimdDot.QUANTIZED) {
            // through dot(): measured 1.6x faster than calling scalarDot from this loop (C2 compiles the two differently)
            for (int r = start; r < end; r++) {
                out[r] = dot(r, x, 0);
            }
            return;
        }
        float[] prepared = prepare(x, 0);
        int perChunk = Math.max(1, CHUNK_BYTES / rowBytes);
        byte[] w = new byte[Math.min(perChunk, Math.max(1, end - start)) * rowBytes];
        for (int r = start; r < end; r += perChunk) {
            int count = Math.min(perChunk, end - r);
            data.get(r * rowBytes, w, 0, count * rowBytes);
            for (int i = 0; i < count; i++) {
                out[r + i] = vectorDot(w, i * rowBytes, x, 0, prepared);
            }
        }
    }

    @Override
    final void dequantizeRow(int row, float[] out, int outOff) {
        byte[] w = new byte[rowBytes];
        data.get(row * rowBytes, w, 0, rowBytes);
        dequantizeRow(w, 0, out, outOff);
    }

    @Override
    final void dequantizeRows(int row, int count, float[] out) {
        byte[] w = new byte[count * rowBytes];
        data.get(row * rowBytes, w, 0, w.length);
        for (int i = 0; i < count; i++) {
            dequantizeRow(w, i * rowBytes, out, i * cols);
        }
    }

    /** The F16 value stored little-endian at {@code w[p]}. */
    static float half(byte[] w, int p) {
        return Float16.toFloat((short) ((w[p] & 0xFF) | (w[p + 1] << 8)));
    }
}
