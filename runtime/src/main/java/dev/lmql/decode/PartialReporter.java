package dev.lmql.decode;

import dev.lmql.backend.TokenListener;
import dev.lmql.constraint.TokenConstraint;
import dev.lmql.tokenizer.Tokenizer;
import java.util.HashMap;
import java.util.Map;

/** Turns the tokens a backend accepts for one hole request into partial texts for a {@link HoleListener}. */
final class PartialReporter implements TokenListener {
    private final Tokenizer tokenizer;
    private final TokenConstraint constraint;
    private final String variable;
    private final int firstResult;
    private final HoleListener listener;
    private final Map<Integer, PartialText> texts = new HashMap<>();

    /** @param firstResult the result index of the request's sequence 0 */
    PartialReporter(Tokenizer tokenizer, TokenConstraint constraint, String variable, int firstResult,
            HoleListener listener) {
        this.tokenizer = tokenizer;
        this.constraint = constraint;
        this.variable = variable;
        this.firstResult = firstResult;
        this.listener = listener;
    }

    @Override
    public void onTokens(int sequence, int[] tokens) {
        String text = texts.computeIfAbsent(sequence, s -> new PartialText(tokenizer, constraint)).add(tokens);
        if (text != null) {
            listener.onPartial(firstResult + sequence, variable, text);
        }
    }
}
