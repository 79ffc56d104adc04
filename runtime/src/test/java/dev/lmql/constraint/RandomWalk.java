package dev.lmql.constraint;

import dev.lmql.tokenizer.Tokenizer;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Generates a value the way the random model does: a random allowed token (or EOS when allowed) until done. */
final class RandomWalk {
    final String raw;
    final String value;
    final int tokens;
    final boolean ended;

    private RandomWalk(String raw, String value, int tokens, boolean ended) {
        this.raw = raw;
        this.value = value;
        this.tokens = tokens;
        this.ended = ended;
    }

    static RandomWalk run(TokenConstraint constraint, Tokenizer tokenizer, long seed) {
        Random random = new Random(seed);
        ConstraintState state = constraint.start();
        for (int step = 0; step < 10_000; step++) {
            if (state.isComplete()) {
                break;
            }
            if (state.isDead()) {
                throw new AssertionError("dead state reached by following the masks: " + state + " under "
                        + constraint.describe());
            }
            TokenMask mask = state.allowedTokens();
            boolean eos = state.eosAllowed();
            if (eos && (mask.isEmpty() || random.nextInt(4) == 0)) {
                state = state.advance(tokenizer.eos());
                break;
            }
            state = state.advance(pick(mask, random));
        }
        if (!state.isComplete()) {
            throw new AssertionError("walk did not finish: " + state);
        }
        String raw = new String(state.valueBytes(), StandardCharsets.UTF_8);
        return new RandomWalk(raw, constraint.postProcess(raw), state.tokenCount(), true);
    }

    /** A uniformly random member of the mask. */
    static int pick(TokenMask mask, Random random) {
        int k = random.nextInt(mask.cardinality());
        long[] words = mask.toWords();
        for (int i = 0; i < words.length; i++) {
            int bits = Long.bitCount(words[i]);
            if (k < bits) {
                long w = words[i];
                for (int j = 0; j < k; j++) {
                    w &= w - 1;
                }
                return (i << 6) + Long.numberOfTrailingZeros(w);
            }
            k -= bits;
        }
        throw new IllegalStateException("empty mask");
    }
}
