package dev.lmql.constraint;

/**
 * Where a hole's partial value stands with respect to its constraint. Immutable: {@link #advance(int)}
 * returns a new state.
 */
public interface ConstraintState {

    /** Tokens that may come next, not counting EOS. Cached per automaton state: cheap to call repeatedly. */
    TokenMask allowedTokens();

    /** Whether the value may end here (the model may emit EOS / the hole may close). */
    boolean eosAllowed();

    /** Whether a stop phrase has fired: the hole is complete and must end now. */
    boolean isComplete();

    /**
     * Whether no continuation can satisfy the constraint any more (no allowed token and EOS not allowed).
     * Generation must stop with a {@link ConstraintViolationException}, not loop.
     */
    default boolean isDead() {
        return !isComplete() && !eosAllowed() && allowedTokens().isEmpty();
    }

    /**
     * The state after appending the token.
     *
     * @throws ConstraintViolationException if the token is not allowed here
     */
    ConstraintState advance(int tokenId);

    /** The bytes of the value so far. */
    byte[] valueBytes();

    /** Number of tokens consumed so far. */
    int tokenCount();
}
