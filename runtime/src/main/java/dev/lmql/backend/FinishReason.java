package dev.lmql.backend;

/** Why a hole ended. */
public enum FinishReason {
    /** The model emitted EOS where the constraint allowed it, or the value reached a final state. */
    EOS,
    /** A stop phrase fired. */
    STOP,
    /** The token limit (max_len / max_tokens / len(TOKENS(X))) was reached. */
    LENGTH;

    /** The wire name, as in OpenAI's {@code finish_reason}. */
    public String wireName() {
        return this == LENGTH ? "length" : "stop";
    }
}
