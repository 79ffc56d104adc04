package dev.lmql.decode;

import dev.lmql.constraint.TokenConstraint;
import dev.lmql.lang.Expr;
import dev.lmql.lang.HoleType;
import dev.lmql.tokenizer.Tokenizer;
import java.util.Map;

/** Compiles the constraint of one hole: its part of the where clause plus its declared type. */
final class HoleConstraints {
    private HoleConstraints() {
    }

    /**
     * @param where the query's where clause, or null
     * @param args  the call's arguments (for {@code X in param})
     */
    static TokenConstraint compile(Expr where, String hole, HoleType type, Map<String, Object> args,
            Tokenizer tokenizer) {
        if (where == null && type == HoleType.TEXT) {
            return new Unconstrained(tokenizer);
        }
        throw new UnsupportedOperationException("hole " + hole + ": where clauses and typed holes need "
                + "dev.lmql.constraint.WhereCompiler, which is not available in this build");
    }
}
