package dev.lmql.backend.local;

/**
 * The shape and hyper-parameters of a LLaMA-family model, read from GGUF metadata ({@code <arch>.*} keys).
 *
 * @param architecture   {@code general.architecture}, e.g. {@code llama}, {@code qwen2}
 * @param dim            embedding length
 * @param ffnDim         feed-forward (SwiGLU hidden) length
 * @param layers         number of transformer blocks
 * @param heads          query heads
 * @param kvHeads        key/value heads (grouped-query attention when fewer than {@code heads})
 * @param headDim        length of one head
 * @param vocabSize      rows of the embedding table
 * @param contextLength  the model's trained context length
 * @param ropeDims       leading dimensions of each head that RoPE rotates
 * @param ropeBase       RoPE frequency base
 * @param ropeFreqScale  1 / linear scaling factor (positions are multiplied by it)
 * @param ropeNeox       NeoX-style rotation (pairs i and i + d/2) instead of adjacent pairs
 * @param rmsEps         RMSNorm epsilon
 */
record LlamaConfig(String architecture, int dim, int ffnDim, int layers, int heads, int kvHeads, int headDim,
        int vocabSize, int contextLength, int ropeDims, float ropeBase, float ropeFreqScale, boolean ropeNeox,
        float rmsEps) {

    LlamaConfig {
        if (dim <= 0 || ffnDim <= 0 || layers <= 0 || heads <= 0 || kvHeads <= 0 || headDim <= 0 || vocabSize <= 0) {
            throw new IllegalArgumentException("model shape has a non-positive dimension: " + shape());
        }
        if (heads % kvHeads != 0) {
            throw new IllegalArgumentException("head_count " + heads + " is not a multiple of head_count_kv "
                    + kvHeads);
        }
        if (ropeDims <= 0 || ropeDims > headDim || ropeDims % 2 != 0) {
            throw new IllegalArgumentException("rope.dimension_count " + ropeDims
                    + " must be even and at most the head length " + headDim);
        }
    }

    int qDim() {
        return heads * headDim;
    }

    int kvDim() {
        return kvHeads * headDim;
    }

    private String shape() {
        return "embedding_length=" + dim + ", feed_forward_length=" + ffnDim + ", block_count=" + layers
                + ", head_count=" + heads + ", head_count_kv=" + kvHeads + ", head_dim=" + headDim
                + ", vocab=" + vocabSize;
    }
}
