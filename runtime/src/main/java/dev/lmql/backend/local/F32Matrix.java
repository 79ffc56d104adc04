package dev.lmql.backend.local;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;

/** F32 weights, read in place through a float view of the mapped bytes. */
final class F32Matrix extends WeightMatrix {
    private final FloatBuffer floats;

    F32Matrix(ByteBuffer data, int rows, int cols, String name) {
        super(data, rows, cols, 1, 4, name);
        this.floats = this.data.asFloatBuffer();
    }

    @Override
    String typeName() {
        return "F32";
    }

    @Override
    float dot(int row, float[] x, int xOff) {
        FloatBuffer w = floats;
        int base = row * cols;
        int n = cols;
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += w.get(base + i) * x[xOff + i];
            s1 += w.get(base + i + 1) * x[xOff + i + 1];
            s2 += w.get(base + i + 2) * x[xOff + i + 2];
            s3 += w.get(base + i + 3) * x[xOff + i + 3];
        }
        for (; i < n; i++) {
            s0 += w.get(base + i) * x[xOff + i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    void dequantizeRow(int row, float[] out, int outOff) {
        floats.get(row * cols, out, outOff, cols);
    }
}
