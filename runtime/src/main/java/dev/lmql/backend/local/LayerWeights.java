package dev.lmql.backend.local;

/**
 * The tensors of one transformer block. The bias arrays are null for models without QKV bias (all but Qwen2);
 * {@code qNorm}/{@code kNorm} (one head's length) are null for models without per-head query/key RMSNorm (all but
 * Qwen3).
 */
record LayerWeights(float[] attnNorm, WeightMatrix wq, WeightMatrix wk, WeightMatrix wv, WeightMatrix wo,
        float[] bq, float[] bk, float[] bv, float[] qNorm, float[] kNorm, float[] ffnNorm, WeightMatrix gate,
        WeightMatrix up, WeightMatrix down) {
}
