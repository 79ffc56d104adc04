package dev.lmql.constraint;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A point in a hole's generation: automaton state, tokens so far and the raw value bytes. Immutable. */
final class ProgramState implements ConstraintState {
    private final CompiledConstraint owner;
    private final int state;
    private final int tokenCount;
    /** Characters of the value, counted when the constraint bounds them outside the automaton. */
    private final int chars;
    private final byte[] value;
    /** EOS was consumed through {@link #advance(int)}. */
    private final boolean ended;

    ProgramState(CompiledConstraint owner, int state, int tokenCount, int chars, byte[] value, boolean ended) {
        this.owner = owner;
        this.state = state;
        this.tokenCount = tokenCount;
        this.chars = chars;
        this.value = value;
        this.ended = ended;
    }

    @Override
    public TokenMask allowedTokens() {
        if (isComplete() || state == ByteDfa.DEAD || tokenCount >= owner.maxTokens) {
            return owner.none;
        }
        return owner.masks.mask(state, remainingAfterNext(), tokenCount + 1 >= owner.minTokens, remainingChars());
    }

    @Override
    public boolean eosAllowed() {
        return isComplete() || (owner.program.accepting(state) && tokenCount >= owner.minTokens);
    }

    @Override
    public boolean isComplete() {
        return ended || owner.program.complete(state);
    }

    @Override
    public ConstraintState advance(int tokenId) {
        if (isComplete()) {
            throw new ConstraintViolationException("the value of " + owner.describe() + " is already complete ("
                    + quotedValue() + "); end the hole instead of appending token " + tokenId);
        }
        if (isDead()) {
            throw new ConstraintViolationException("no continuation can satisfy " + owner.describe()
                    + " any more; value so far: " + quotedValue());
        }
        if (tokenId == owner.tokenizer.eos()) {
            if (!eosAllowed()) {
                throw new ConstraintViolationException("the value cannot end here under " + owner.describe()
                        + "; value so far: " + quotedValue());
            }
            return new ProgramState(owner, state, tokenCount, chars, value, true);
        }
        if (tokenId < 0 || tokenId >= owner.trie.vocabSize) {
            throw new ConstraintViolationException("token " + tokenId + " is outside the vocabulary of "
                    + owner.tokenizer.name());
        }
        byte[] bytes = owner.trie.bytesById[tokenId];
        int end = state;
        int tokenChars = 0;
        if (bytes == null) {
            end = ByteDfa.DEAD;
        } else {
            for (int i = 0; i < bytes.length && end != ByteDfa.DEAD && !owner.program.complete(end); i++) {
                end = owner.program.step(end, bytes[i] & 0xFF);
                tokenChars += (bytes[i] & 0xC0) != 0x80 ? 1 : 0;
            }
        }
        boolean allowed = tokenCount < owner.maxTokens && owner.masks.allows(state, end, remainingAfterNext(),
                tokenCount + 1 >= owner.minTokens, tokenChars, remainingChars());
        if (!allowed) {
            throw new ConstraintViolationException("token " + tokenId + " (" + printable(tokenId)
                    + ") is not allowed by " + owner.describe() + " after " + quotedValue());
        }
        byte[] next = Arrays.copyOf(value, value.length + bytes.length);
        System.arraycopy(bytes, 0, next, value.length, bytes.length);
        return new ProgramState(owner, end, tokenCount + 1, chars + tokenChars, next, false);
    }

    private int remainingChars() {
        return owner.maxChars == Terms.UNBOUNDED ? Integer.MAX_VALUE / 2 : owner.maxChars - chars;
    }

    private int remainingAfterNext() {
        return owner.maxTokens == Terms.UNBOUNDED ? Integer.MAX_VALUE / 2 : owner.maxTokens - tokenCount - 1;
    }

    @Override
    public byte[] valueBytes() {
        return value.clone();
    }

    @Override
    public int tokenCount() {
        return tokenCount;
    }

    private String quotedValue() {
        return Terms.quote(new String(value, StandardCharsets.UTF_8));
    }

    private String printable(int tokenId) {
        return owner.tokenizer.isSpecial(tokenId) ? owner.tokenizer.tokenText(tokenId)
                : Terms.quote(owner.tokenizer.tokenText(tokenId));
    }

    @Override
    public String toString() {
        return "ConstraintState[" + quotedValue() + ", tokens=" + tokenCount + (isComplete() ? ", complete" : "")
                + "]";
    }
}
