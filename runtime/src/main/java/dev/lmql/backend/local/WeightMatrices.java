package dev.lmql.backend.local;

import java.nio.ByteBuffer;

/** Picks the matrix decoder for a tensor type by its GGUF name. */
final class WeightMatrices {
    private WeightMatrices() {
    }

    static WeightMatrix create(String type, ByteBuffer data, int rows, int cols, String tensorName) {
        switch (type) {
            case "F32":
                return new F32Matrix(data, rows, cols, tensorName);
            case "F16":
                return new F16Matrix(data, rows, cols, tensorName);
            case "BF16":
                return new BF16Matrix(data, rows, cols, tensorName);
            case "Q8_0":
                return new Q8_0Matrix(data, rows, cols, tensorName);
            case "Q4_0":
                return new Q4_0Matrix(data, rows, cols, tensorName);
            case "Q4_K":
                return new Q4KMatrix(data, rows, cols, tensorName);
            case "Q6_K":
                return new Q6KMatrix(data, rows, cols, tensorName);
            default:
                throw new UnsupportedOperationException("tensor " + tensorName + " has type " + type
                        + ", which the local engine cannot compute with yet; supported types: "
                        + Quantization.SUPPORTED_TYPES + " (re-quantize the model, e.g. with llama.cpp's"
                        + " llama-quantize to Q4_K_M or Q8_0)");
        }
    }
}
