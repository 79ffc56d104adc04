package dev.lmql.backend;

/**
 * What a backend can do; the interpreter and the backend pick the strongest constraint strategy from it.
 *
 * @param logits          the library sees the full next-token distribution (full token masks)
 * @param logitBiasLimit  how many {@code logit_bias} entries one request may carry (0 = none)
 * @param topLogprobs     how many alternatives per position the API reports (0 = no logprobs)
 * @param echo            the API can return logprobs of prompt tokens (for scoring)
 * @param chat            the API takes chat messages rather than a raw prompt
 * @param jsonSchema      server-side JSON-schema constrained output
 * @param regex           server-side regex constrained output
 * @param grammar         server-side grammar constrained output
 */
public record ModelCapabilities(boolean logits, int logitBiasLimit, int topLogprobs, boolean echo, boolean chat,
        boolean jsonSchema, boolean regex, boolean grammar) {

    /** A model whose logits the library owns. */
    public static ModelCapabilities fullLogits() {
        return new ModelCapabilities(true, Integer.MAX_VALUE, Integer.MAX_VALUE, true, false, false, false, false);
    }
}
