package dev.lmql.backend.local;

/**
 * What a family member changes in LLaMA's block graph (all values neutral for LLaMA itself), with llama.cpp's
 * meaning for each.
 *
 * @param embeddingScale    factor on the token embeddings (Gemma: sqrt(embedding length); Granite:
 *                          {@code embedding_scale})
 * @param geluFfn           GELU (tanh form) instead of SiLU on the feed-forward gate (Gemma)
 * @param attentionScale    factor on q·k, or 0 for 1/sqrt(head length) (Gemma 3 27B, Granite
 *                          {@code attention.scale})
 * @param residualScale     factor on the attention and feed-forward outputs before each residual add (Granite)
 * @param logitScale        factor on the output logits (Granite: 1 / {@code logit_scale})
 * @param finalLogitSoftcap {@code c * tanh(logit / c)} on the logits when positive (Gemma 2
 *                          {@code final_logit_softcapping}, default 30; Gemma 3 when the file sets it)
 * @param attnLogitSoftcap  {@code c * tanh(score / c)} on the scaled attention scores before the softmax when positive
 *                          (Gemma 2 {@code attn_logit_softcapping}, default 50)
 * @param slidingWindow     attention window of the sliding-window layers (Gemma 2 and 3, OLMo 3), 0 without: a token
 *                          at position p attends to positions j with {@code p - j < slidingWindow} (llama.cpp's
 *                          {@code LLAMA_SWA_TYPE_STANDARD})
 * @param swaPeriod         every {@code swaPeriod}-th layer attends globally, the others through the window; 0 without
 * @param swaRope           RoPE of the sliding-window layers (Gemma 3: base 10000, unscaled; OLMo 3: unscaled), or
 *                          null when they rotate like the global layers (Gemma 2)
 * @param noRopeStep        every {@code noRopeStep}-th layer skips RoPE (SmolLM3: 4; 1: none rotates, Granite with
 *                          {@code rope.scaling.finetuned = false}); 0 when all layers rotate
 */
record GraphTraits(float embeddingScale, boolean geluFfn, float attentionScale, float residualScale, float logitScale,
        float finalLogitSoftcap, float attnLogitSoftcap, int slidingWindow, int swaPeriod, RopeConfig swaRope,
        int noRopeStep) {

    /** LLaMA's graph. */
    static final GraphTraits LLAMA = new GraphTraits(1f, false, 0f, 1f, 1f, 0f, 0f, 0, 0, null, 0);

    GraphTraits {
        if (swaPeriod > 0 && slidingWindow <= 0) {
            throw new IllegalArgumentException("sliding-window layers need a positive window, got " + slidingWindow);
        }
        if (!(finalLogitSoftcap >= 0) || !(attnLogitSoftcap >= 0)) {
            throw new IllegalArgumentException("soft-capping values must be positive (0: none), got final "
                    + finalLogitSoftcap + " and attention " + attnLogitSoftcap);
        }
    }

    /** Whether layer {@code l} attends through the sliding window (llama.cpp's swa pattern: all but every n-th). */
    boolean slidingWindowLayer(int l) {
        return swaPeriod > 0 && l % swaPeriod < swaPeriod - 1;
    }

    /** How many positions up to its own a token sees in layer {@code l}: the window, or 0 for all of them. */
    int window(int l) {
        return slidingWindowLayer(l) ? slidingWindow : 0;
    }

    /** Whether layer {@code l} applies RoPE to q and k. */
    boolean ropeLayer(int l) {
        return noRopeStep <= 0 || (l + 1) % noRopeStep != 0;
    }
}
