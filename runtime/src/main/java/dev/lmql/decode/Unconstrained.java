package dev.lmql.decode;

import dev.lmql.constraint.ConstraintState;
import dev.lmql.constraint.TokenConstraint;
import dev.lmql.constraint.TokenMask;
import dev.lmql.tokenizer.Tokenizer;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** Free text: every non-special token, EOS anywhere (the constraint of a hole with no where clause). */
final class Unconstrained implements TokenConstraint {
    private final TokenMask all;
    private final Tokenizer tokenizer;

    Unconstrained(Tokenizer tokenizer) {
        this.tokenizer = tokenizer;
        int v = tokenizer.vocabSize();
        long[] words = new long[TokenMask.wordCount(v)];
        for (int i = 0; i < v; i++) {
            if (!tokenizer.isSpecial(i) && tokenizer.tokenBytes(i).length > 0) {
                words[i >>> 6] |= 1L << i;
            }
        }
        all = TokenMask.ofWords(words, v);
    }

    @Override
    public ConstraintState start() {
        return new State(new byte[0], 0);
    }

    @Override
    public Optional<String> regex() {
        return Optional.empty();
    }

    @Override
    public List<StopPhrase> stopPhrases() {
        return List.of();
    }

    @Override
    public Optional<List<String>> choices() {
        return Optional.empty();
    }

    @Override
    public OptionalInt maxTokens() {
        return OptionalInt.empty();
    }

    @Override
    public boolean isUnconstrained() {
        return true;
    }

    @Override
    public String postProcess(String rawValue) {
        return rawValue;
    }

    @Override
    public String describe() {
        return "true";
    }

    private final class State implements ConstraintState {
        private final byte[] value;
        private final int count;

        State(byte[] value, int count) {
            this.value = value;
            this.count = count;
        }

        @Override
        public TokenMask allowedTokens() {
            return all;
        }

        @Override
        public boolean eosAllowed() {
            return true;
        }

        @Override
        public boolean isComplete() {
            return false;
        }

        @Override
        public ConstraintState advance(int tokenId) {
            if (!all.contains(tokenId)) {
                throw new dev.lmql.constraint.ConstraintViolationException("token " + tokenId
                        + " is a special token and cannot be part of a value");
            }
            byte[] bytes = tokenizer.tokenBytes(tokenId);
            byte[] next = Arrays.copyOf(value, value.length + bytes.length);
            System.arraycopy(bytes, 0, next, value.length, bytes.length);
            return new State(next, count + 1);
        }

        @Override
        public byte[] valueBytes() {
            return Arrays.copyOf(value, value.length);
        }

        @Override
        public int tokenCount() {
            return count;
        }
    }
}
