package dev.lmql.backend.local;

import dev.lmql.constraint.ConstraintState;
import dev.lmql.constraint.TokenConstraint;
import dev.lmql.constraint.TokenMask;
import dev.lmql.tokenizer.Tokenizer;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** A test constraint: any non-special token, EOS always allowed; or a fixed set of allowed ids. */
final class AnyValueConstraint implements TokenConstraint {
    private final TokenMask mask;

    AnyValueConstraint(Tokenizer tokenizer) {
        int v = tokenizer.vocabSize();
        long[] words = new long[TokenMask.wordCount(v)];
        for (int i = 0; i < v; i++) {
            if (!tokenizer.isSpecial(i)) {
                words[i >>> 6] |= 1L << i;
            }
        }
        this.mask = TokenMask.ofWords(words, v);
    }

    AnyValueConstraint(TokenMask mask) {
        this.mask = mask;
    }

    @Override
    public ConstraintState start() {
        return new State(new byte[0], 0);
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
            return mask;
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
            if (!mask.contains(tokenId)) {
                throw new dev.lmql.constraint.ConstraintViolationException("token " + tokenId + " not allowed");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(value);
            return new State(out.toByteArray(), count + 1);
        }

        @Override
        public byte[] valueBytes() {
            return value.clone();
        }

        @Override
        public int tokenCount() {
            return count;
        }
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
        return "any(" + mask.cardinality() + " tokens)";
    }
}
