package dev.lmql.backend.local;

/** The tensors of one transformer block; the bias arrays are null for models without QKV bias. */
record LayerWeights(float[] attnNorm, WeightMatrix wq, WeightMatrix wk, WeightMatrix wv, WeightMatrix wo,
        float[] bq, float[] bk, float[] bv, float[] ffnNorm, WeightMatrix gate, WeightMatrix up,
        WeightMatrix down) {
}
