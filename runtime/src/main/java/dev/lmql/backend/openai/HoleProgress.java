package dev.lmql.backend.openai;

import dev.lmql.backend.FinishReason;
import dev.lmql.backend.GeneratedSequence;
import dev.lmql.constraint.ConstraintState;
import dev.lmql.constraint.TokenConstraint;
import dev.lmql.tokenizer.Tokenizer;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The partial value of one hole: its constraint state, the accepted tokens with their logprobs, and which
 * strategies produced them. Confined to one sequence's chain of requests (never shared between threads at once).
 */
final class HoleProgress {
    private final Tokenizer tokenizer;
    private final int limit;
    private ConstraintState state;
    private int[] ids = new int[16];
    private float[] logprobs = new float[16];
    private int size;
    private final Set<String> strategies = new LinkedHashSet<>();

    HoleProgress(TokenConstraint constraint, Tokenizer tokenizer, int limit) {
        this.tokenizer = tokenizer;
        this.limit = limit;
        this.state = constraint.start();
    }

    ConstraintState state() {
        return state;
    }

    int size() {
        return size;
    }

    int remaining() {
        return limit - size;
    }

    boolean atLimit() {
        return size >= limit;
    }

    int[] ids() {
        return Arrays.copyOf(ids, size);
    }

    void used(String strategy) {
        strategies.add(strategy);
    }

    /** Appends a token the state allows. */
    void accept(int id, double logprob) {
        state = state.advance(id);
        if (size == ids.length) {
            ids = Arrays.copyOf(ids, size * 2);
            logprobs = Arrays.copyOf(logprobs, size * 2);
        }
        ids[size] = id;
        logprobs[size] = (float) logprob;
        size++;
    }

    /**
     * Feeds tokens while they are allowed, stopping early when the value completes or reaches the limit.
     *
     * @return how many tokens were accepted
     */
    int feed(List<TokenMapper.Mapped> tokens) {
        int n = 0;
        for (TokenMapper.Mapped m : tokens) {
            if (state.isComplete() || atLimit() || !state.allowedTokens().contains(m.id())) {
                break;
            }
            accept(m.id(), m.logprob());
            n++;
        }
        return n;
    }

    GeneratedSequence finish(FinishReason reason) {
        int[] out = ids();
        return new GeneratedSequence(out, Arrays.copyOf(logprobs, size), tokenizer.decode(out), reason,
                strategies.isEmpty() ? "unconstrained" : String.join("+", strategies));
    }
}
