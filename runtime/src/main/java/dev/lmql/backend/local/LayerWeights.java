package dev.lmql.backend.local;

/**
 * The tensors of one transformer block. Optional parts are null when the model lacks them: the norms before
 * attention and feed-forward (all but OLMo 2 have them), the QKV biases (Qwen2), the query/key RMSNorm weights of one
 * head's length (Qwen3, Gemma 3) or of the whole q/k width (OLMo 2), and the norms applied to the attention and
 * feed-forward outputs before their residual adds (Gemma 3, OLMo 2).
 */
record LayerWeights(float[] attnNorm, WeightMatrix wq, WeightMatrix wk, WeightMatrix wv, WeightMatrix wo,
        float[] bq, float[] bk, float[] bv, float[] qNorm, float[] kNorm, float[] attnPostNorm, float[] ffnNorm,
        WeightMatrix gate, WeightMatrix up, WeightMatrix down, float[] ffnPostNorm) {
}
