package dev.lmql.backend.local;

/** All tensors of a LLaMA-family model; {@code output} is the embedding table itself when the head is tied. */
record LlamaWeights(LlamaConfig config, WeightMatrix tokenEmbedding, LayerWeights[] layers, float[] outputNorm,
        WeightMatrix output) {
}
