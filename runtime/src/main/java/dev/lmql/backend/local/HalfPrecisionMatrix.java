package dev.lmql.backend.local;

import java.nio.ByteBuffer;
import java.nio.ShortBuffer;

/**
 * 16-bit float weights (F16 or BF16), handled as blocks of one value: one loop for both, each subclass only says
 * how a half widens to a float and which vector kernel widens a whole vector of them.
 */
abstract class HalfPrecisionMatrix extends BlockQuantizedMatrix {
    private final ShortBuffer halves;

    HalfPrecisionMatrix(ByteBuffer data, int rows, int cols, String name) {
        super(data, rows, cols, 1, 2, name);
        this.halves = this.data.asShortBuffer();
    }

    /** The float a stored half stands for. */
    abstract float widen(short half);

    @Override
    final float scalarDot(int row, float[] x, int xOff) {
        ShortBuffer w = halves;
        int base = row * cols;
        float s0 = 0;
        float s1 = 0;
        int i = 0;
        for (; i + 1 < cols; i += 2) {
            s0 += widen(w.get(base + i)) * x[xOff + i];
            s1 += widen(w.get(base + i + 1)) * x[xOff + i + 1];
        }
        for (; i < cols; i++) {
            s0 += widen(w.get(base + i)) * x[xOff + i];
        }
        return s0 + s1;
    }

    @Override
    final void dequantizeRow(byte[] w, int p, float[] out, int outOff) {
        for (int i = 0; i < cols; i++, p += 2) {
            out[outOff + i] = widen((short) ((w[p] & 0xFF) | (w[p + 1] << 8)));
        }
    }
}
