package dev.lmql.backend;

/**
 * Hears the tokens a backend has accepted for a hole while it is still generating (for streaming output).
 *
 * <p>A backend reports only tokens that are final: validated against the constraint and never retracted later
 * (a speculative chunk is reported up to its last valid token; a response that may still be re-asked is reported
 * once it is accepted). The reported tokens of one sequence, concatenated, are a prefix of that sequence's
 * {@link GeneratedSequence#tokens()}. A backend that cannot stream never calls the listener.
 *
 * <p>Backends may call it from any thread, but never concurrently for the same sequence. It must return quickly.
 */
@FunctionalInterface
public interface TokenListener {

    /** Hears nothing. */
    TokenListener NONE = (sequence, tokens) -> { };

    /**
     * @param sequence which of the request's {@code n} sequences the tokens belong to (0-based)
     * @param tokens   the newly accepted token ids, in order (never EOS); the array is the listener's to keep
     */
    void onTokens(int sequence, int[] tokens);
}
