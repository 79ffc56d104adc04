package dev.lmql.backend.openai;

import dev.lmql.backend.GenerationRequest;
import dev.lmql.backend.TokenListener;
import java.util.Arrays;

/**
 * What the token listener of one sequence has heard of the hole's value, so that each token is reported once, in
 * order. Confined to one sequence's chain of requests, like {@link HoleProgress}.
 */
final class HeardTokens {
    private final TokenListener listener;
    private final int sequence;
    private int heard;

    HeardTokens(GenerationRequest request, int sequence) {
        this.listener = request.tokenListener();
        this.sequence = sequence;
    }

    boolean listening() {
        return listener != TokenListener.NONE;
    }

    /** How many tokens of the value have been reported. */
    int heard() {
        return heard;
    }

    /** Reports the tokens of the accepted value {@code ids} that were not reported yet. */
    void upTo(int[] ids) {
        if (ids.length > heard) {
            listener.onTokens(sequence, Arrays.copyOfRange(ids, heard, ids.length));
            heard = ids.length;
        }
    }

    /** Reports tokens that directly follow everything reported so far and that the value will keep. */
    void more(int[] ids) {
        if (ids.length > 0) {
            listener.onTokens(sequence, ids.clone());
            heard += ids.length;
        }
    }
}
