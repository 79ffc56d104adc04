package dev.lmql.constraint;

import dev.lmql.tokenizer.Tokenizer;

/**
 * A constraint on the value of one hole, independent of any tokenizer. Build them with {@link Constraints};
 * compile them for a tokenizer to get masks. Immutable.
 */
public interface Constraint {

    /** Compiles the constraint for a tokenizer; the variable is called {@code X} in descriptions and errors. */
    default TokenConstraint compile(Tokenizer tokenizer) {
        return compile(tokenizer, "X");
    }

    /**
     * Compiles the constraint for a tokenizer. Cheap: the automaton is built here, masks are computed lazily per
     * automaton state and cached, and the vocabulary trie is built once per tokenizer.
     *
     * @param variable the hole's name, used in {@link TokenConstraint#describe()} and in errors
     * @throws IllegalArgumentException if the combination cannot be compiled (e.g. a stop phrase under {@code or})
     */
    default TokenConstraint compile(Tokenizer tokenizer, String variable) {
        return ConstraintCompiler.compile(this, tokenizer, variable);
    }

    /** LMQL-like text of the constraint for the named variable, e.g. {@code INT(N)}. */
    String describe(String variable);
}
