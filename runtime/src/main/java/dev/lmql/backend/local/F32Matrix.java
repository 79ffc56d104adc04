package dev.lmql.backend.local;

import java.nio.ByteBuffer;

/**
 * F32 weights. F32 is not a quantized type, so the values are copied onto the heap once: plain float arrays let
 * the JIT (or the Vector API) use SIMD, which a view over the mapped bytes does not.
 */
final class F32Matrix extends WeightMatrix {
    private final float[] values;

    F32Matrix(ByteBuffer data, int rows, int cols, String name) {
        super(data, rows, cols, 1, 4, name);
        this.values = new float[Math.multiplyExact(rows, cols)];
        this.data.asFloatBuffer().get(values);
    }

    @Override
    String typeName() {
        return "F32";
    }

    @Override
    float dot(int row, float[] x, int xOff) {
        return VectorMath.dot(values, row * cols, x, xOff, cols);
    }

    @Override
    void dequantizeRow(int row, float[] out, int outOff) {
        System.arraycopy(values, row * cols, out, outOff, cols);
    }
}
