package dev.lmql.backend.local;

/**
 * The tensors of one transformer block. Optional parts are null when the model lacks them: the QKV biases (Qwen2),
 * the per-head query/key RMSNorm weights of one head's length (Qwen3, Gemma 3), and the norms applied to the
 * attention and feed-forward outputs before their residual adds (Gemma 3).
 */
record LayerWeights(float[] attnNorm, WeightMatrix wq, WeightMatrix wk, WeightMatrix wv, WeightMatrix wo,
        float[] bq, float[] bk, float[] bv, float[] qNorm, float[] kNorm, float[] attnPostNorm, float[] ffnNorm,
        WeightMatrix gate, WeightMatrix up, WeightMatrix down, float[] ffnPostNorm) {
}
