package dev.lmql.backend.local;

/**
 * The shape and hyper-parameters of a LLaMA-family model, read from GGUF metadata ({@code <arch>.*} keys).
 *
 * @param architecture   {@code general.architecture}, e.g. {@code llama}, {@code qwen2}, {@code qwen3}
 * @param dim            embedding length
 * @param ffnDim         feed-forward (SwiGLU hidden) length
 * @param layers         number of transformer blocks
 * @param heads          query heads
 * @param kvHeads        key/value heads (grouped-query attention when fewer than {@code heads})
 * @param headDim        length of one head ({@code attention.key_length}, default dim / heads)
 * @param vocabSize      rows of the embedding table
 * @param contextLength  the model's trained context length ({@code <arch>.context_length}), the longest context the
 *                       engine runs
 * @param rope           rotary embedding parameters
 * @param rmsEps         RMSNorm epsilon
 * @param traits         what the architecture changes in LLaMA's block graph
 */
record LlamaConfig(String architecture, int dim, int ffnDim, int layers, int heads, int kvHeads, int headDim,
        int vocabSize, int contextLength, RopeConfig rope, float rmsEps, GraphTraits traits) {

    LlamaConfig {
        if (dim <= 0 || ffnDim <= 0 || layers <= 0 || heads <= 0 || kvHeads <= 0 || headDim <= 0 || vocabSize <= 0) {
            throw new IllegalArgumentException("model shape has a non-positive dimension: " + shape());
        }
        if (heads % kvHeads != 0) {
            throw new IllegalArgumentException("head_count " + heads + " is not a multiple of head_count_kv "
                    + kvHeads);
        }
        if (rope.dims() > headDim) {
            throw new IllegalArgumentException("rope.dimension_count " + rope.dims()
                    + " must be at most the head length " + headDim);
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
