package dev.lmql.backend.local;

import java.nio.ByteBuffer;

/** BF16 weights (the upper half of an F32). */
final class BF16Matrix extends HalfPrecisionMatrix {

    BF16Matrix(ByteBuffer data, int rows, int cols, String name) {
        super(data, rows, cols, name);
    }

    @Override
    String typeName() {
        return "BF16";
    }

    @Override
    float widen(short half) {
        return Float16.bf16ToFloat(half);
    }

    @Override
    float vectorDot(byte[] w, int p, float[] x, int xOff, float[] prepared) {
        return QuantizedVectorKernels.bf16(w, p, cols, x, xOff);
    }
}
