package dev.lmql.backend.local;

/**
 * All tensors of a LLaMA-family model; {@code output} is the embedding table itself when the head is tied;
 * {@code ropeFreqFactors} (LLaMA 3.1's {@code rope_freqs.weight}, one divisor per rotated pair) is null when absent.
 */
record LlamaWeights(LlamaConfig config, WeightMatrix tokenEmbedding, LayerWeights[] layers, float[] outputNorm,
        WeightMatrix output, float[] ropeFreqFactors) {
}
