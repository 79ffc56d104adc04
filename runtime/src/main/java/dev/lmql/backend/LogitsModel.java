package dev.lmql.backend;

/**
 * A model whose next-token distribution the library computes itself (the random model, the local GGUF engine):
 * full token masks apply, and token-level decoders (beam, best_k) can drive it directly.
 */
public interface LogitsModel extends LanguageModel {

    /**
     * The log-softmax over the whole vocabulary for the token that follows {@code context}.
     * Implementations may cache work for shared prefixes (e.g. a KV cache); the returned array is owned by the
     * caller.
     */
    float[] nextLogprobs(int[] context);
}
