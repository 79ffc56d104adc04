package dev.lmql.backend.local;

import java.nio.ByteBuffer;

/** F16 (IEEE half) weights. */
final class F16Matrix extends HalfPrecisionMatrix {

    F16Matrix(ByteBuffer data, int rows, int cols, String name) {
        super(data, rows, cols, name);
    }

    @Override
    String typeName() {
        return "F16";
    }

    @Override
    float widen(short half) {
        return Float16.toFloat(half);
    }

    @Override
    float vectorDot(byte[] w, int p, float[] x, int xOff, float[] prepared) {
        return QuantizedVectorKernels.f16(w, p, cols, x, xOff);
    }
}
