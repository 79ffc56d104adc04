package dev.lmql.backend.local;

import java.nio.ByteBuffer;
import java.nio.ShortBuffer;

/** F16 (IEEE half) weights. */
final class F16Matrix extends WeightMatrix {
    private final ShortBuffer halves;

    F16Matrix(ByteBuffer data, int rows, int cols, String name) {
        super(data, rows, cols, 1, 2, name);
        this.halves = this.data.asShortBuffer();
    }

    @Override
    String typeName() {
        return "F16";
    }

    @Override
    float dot(int row, float[] x, int xOff) {
        ShortBuffer w = halves;
        int base = row * cols;
        float s0 = 0;
        float s1 = 0;
        int i = 0;
        for (; i + 1 < cols; i += 2) {
            s0 += Float16.toFloat(w.get(base + i)) * x[xOff + i];
            s1 += Float16.toFloat(w.get(base + i + 1)) * x[xOff + i + 1];
        }
        for (; i < cols; i++) {
            s0 += Float16.toFloat(w.get(base + i)) * x[xOff + i];
        }
        return s0 + s1;
    }

    @Override
    void dequantizeRow(int row, float[] out, int outOff) {
        int base = row * cols;
        for (int i = 0; i < cols; i++) {
            out[outOff + i] = Float16.toFloat(halves.get(base + i));
        }
    }
}
