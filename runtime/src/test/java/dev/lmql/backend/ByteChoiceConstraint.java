package dev.lmql.backend;

import dev.lmql.constraint.ConstraintState;
import dev.lmql.constraint.ConstraintViolationException;
import dev.lmql.constraint.TokenConstraint;
import dev.lmql.constraint.TokenMask;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A test constraint over {@link ByteTokenizer}: the value is one of the options (empty list: any ASCII text),
 * optionally ending at a stop character.
 */
public record ByteChoiceConstraint(List<String> options, Character stopAt) implements TokenConstraint {

    public static ByteChoiceConstraint choice(String... options) {
        return new ByteChoiceConstraint(List.of(options), null);
    }

    public static ByteChoiceConstraint free() {
        return new ByteChoiceConstraint(List.of(), null);
    }

    @Override
    public ConstraintState start() {
        return new State(new byte[0]);
    }

    @Override
    public Optional<String> regex() {
        return Optional.empty();
    }

    @Override
    public List<StopPhrase> stopPhrases() {
        return stopAt == null ? List.of() : List.of(new StopPhrase(String.valueOf(stopAt), true));
    }

    @Override
    public Optional<List<String>> choices() {
        return options.isEmpty() ? Optional.empty() : Optional.of(options);
    }

    @Override
    public OptionalInt maxTokens() {
        return OptionalInt.empty();
    }

    @Override
    public boolean isUnconstrained() {
        return options.isEmpty() && stopAt == null;
    }

    @Override
    public String postProcess(String rawValue) {
        return rawValue;
    }

    @Override
    public String describe() {
        return options.isEmpty() ? "free" : "X in " + options;
    }

    private final class State implements ConstraintState {
        private final byte[] value;

        State(byte[] value) {
            this.value = value;
        }

        @Override
        public TokenMask allowedTokens() {
            if (isComplete()) {
                return TokenMask.none(257);
            }
            if (options.isEmpty()) {
                int[] ascii = new int[95];
                for (int i = 0; i < 95; i++) {
                    ascii[i] = 32 + i;
                }
                return TokenMask.of(257, ascii);
            }
            return TokenMask.of(257, options.stream()
                    .map(o -> o.getBytes(StandardCharsets.UTF_8))
                    .filter(o -> o.length > value.length && Arrays.equals(o, 0, value.length, value, 0, value.length))
                    .mapToInt(o -> o[value.length] & 0xFF)
                    .toArray());
        }

        @Override
        public boolean eosAllowed() {
            return options.isEmpty() || options.contains(new String(value, StandardCharsets.UTF_8));
        }

        @Override
        public boolean isComplete() {
            return stopAt != null && value.length > 0 && value[value.length - 1] == stopAt;
        }

        @Override
        public ConstraintState advance(int tokenId) {
            if (!allowedTokens().contains(tokenId)) {
                throw new ConstraintViolationException("token " + tokenId + " not allowed after "
                        + new String(value, StandardCharsets.UTF_8));
            }
            byte[] next = Arrays.copyOf(value, value.length + 1);
            next[value.length] = (byte) tokenId;
            return new State(next);
        }

        @Override
        public byte[] valueBytes() {
            return value.clone();
        }

        @Override
        public int tokenCount() {
            return value.length;
        }
    }
}
