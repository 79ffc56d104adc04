package dev.lmql.backend.local;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A weight matrix of {@code rows x cols} as stored in a GGUF tensor (row-major, each row {@code cols} values of
 * one tensor type). Reads the memory-mapped bytes directly: quantized rows are decoded block by block inside the
 * dot product, never expanded into a float array for the whole tensor.
 */
abstract class WeightMatrix {
    final ByteBuffer data;
    final int rows;
    final int cols;
    final int rowBytes;

    WeightMatrix(ByteBuffer data, int rows, int cols, int blockSize, int blockBytes, String tensorName) {
        if (cols % blockSize != 0) {
            throw new IllegalArgumentException("tensor " + tensorName + ": row length " + cols
                    + " is not a multiple of the " + typeName() + " block size " + blockSize);
        }
        this.rows = rows;
        this.cols = cols;
        this.rowBytes = Math.toIntExact((long) cols / blockSize * blockBytes);
        long needed = (long) rows * rowBytes;
        if (needed > data.remaining()) {
            throw new IllegalArgumentException("tensor " + tensorName + ": " + rows + "x" + cols + " " + typeName()
                    + " needs " + needed + " bytes but only " + data.remaining() + " are present");
        }
        this.data = data.slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    abstract String typeName();

    /** The dot product of row {@code row} with {@code x[xOff .. xOff+cols)}. */
    abstract float dot(int row, float[] x, int xOff);

    /** Decodes row {@code row} into {@code out[outOff .. outOff+cols)}. */
    abstract void dequantizeRow(int row, float[] out, int outOff);

    /** Decodes rows {@code [row, row+count)} one after the other into {@code out[0 .. count*cols)}. */
    void dequantizeRows(int row, int count, float[] out) {
        for (int i = 0; i < count; i++) {
            dequantizeRow(row + i, out, i * cols);
        }
    }

    /** {@code out[r] = row r . x[0 .. cols)} for rows {@code [start, end)}: the matrix-vector product of one token. */
    void dotRows(int start, int end, float[] x, float[] out) {
        for (int r = start; r < end; r++) {
            out[r] = dot(r, x, 0);
        }
    }

    /**
     * Rows {@code [start, end)} of the product with a batch of {@code n} activations:
     * {@code out[t*rows + r] = row r . x[t*cols ..]}. One token takes the fused decode-and-dot kernels; a batch
     * decodes each row once and multiplies it with every token ({@link BatchedRows}).
     */
    final void multiply(int start, int end, float[] x, int n, float[] out) {
        if (n == 1) {
            dotRows(start, end, x, out);
        } else {
            BatchedRows.multiply(this, start, end, x, n, out);
        }
    }

    final int rows() {
        return rows;
    }

    final int cols() {
        return cols;
    }
}
