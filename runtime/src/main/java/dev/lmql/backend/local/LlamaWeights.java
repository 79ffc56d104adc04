package dev.lmql.backend.local;

/**
 * All tensors of a LLaMA-family model; {@code output} is the embedding table itself when the head is tied. The RoPE
 * frequency divisors (one per rotated pair) are null when absent: {@code ropeFreqs} is LLaMA 3.1's
 * {@code rope_freqs.weight}; {@code ropeFactorsShort}/{@code ropeFactorsLong} are Phi-3's LongRoPE factors.
 */
record LlamaWeights(LlamaConfig config, WeightMatrix tokenEmbedding, LayerWeights[] layers, float[] outputNorm,
        WeightMatrix output, float[] ropeFreqs, float[] ropeFactorsShort, float[] ropeFactorsLong) {

    /**
     * The divisors for a context of {@code contextLength} positions, chosen as llama.cpp does: {@code rope_freqs}
     * when present, else LongRoPE's long factors when the context exceeds the original one, else the short ones.
     */
    float[] ropeFactors(int contextLength) {
        if (ropeFreqs != null) {
            return ropeFreqs;
        }
        if (ropeFactorsLong != null && contextLength > config.rope().originalContext()) {
            return ropeFactorsLong;
        }
        return ropeFactorsShort;
    }
}
