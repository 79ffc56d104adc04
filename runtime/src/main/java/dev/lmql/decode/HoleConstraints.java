package dev.lmql.decode;

import dev.lmql.constraint.Constraint;
import dev.lmql.constraint.Constraints;
import dev.lmql.constraint.TokenConstraint;
import dev.lmql.constraint.WhereCompiler;
import dev.lmql.lang.Expr;
import dev.lmql.lang.HoleType;
import dev.lmql.lang.TemplatePart;
import dev.lmql.tokenizer.Tokenizer;
import java.util.Map;

/** Compiles the constraint of one hole: its part of the where clause and its declared type. */
final class HoleConstraints {
    private HoleConstraints() {
    }

    /**
     * @param where the query's where clause, or null
     * @param args  the call's arguments (for {@code X in param} and numeric bounds)
     * @throws IllegalArgumentException naming the construct when the where clause cannot be compiled
     */
    /** As {@link #compile(Expr, String, HoleType, Map, Tokenizer)}, adding a regex hole's pattern. */
    static TokenConstraint compile(Expr where, TemplatePart.Hole hole, Map<String, Object> args, Tokenizer tokenizer) {
        if (hole.pattern() == null) {
            return compile(where, hole.name(), hole.type(), args, tokenizer);
        }
        return Constraints.and(WhereCompiler.constraintFor(where, hole.name(), args), Constraints.regex(hole.pattern()))
                .compile(tokenizer, hole.name());
    }

    static TokenConstraint compile(Expr where, String hole, HoleType type, Map<String, Object> args,
            Tokenizer tokenizer) {
        Constraint fromWhere = WhereCompiler.constraintFor(where, hole, args);
        Constraint typed;
        switch (type) {
            case INT:
                typed = Constraints.and(fromWhere, Constraints.integer());
                break;
            case FLOAT:
                typed = Constraints.and(fromWhere, Constraints.floating());
                break;
            case BOOL:
                typed = Constraints.and(fromWhere, Constraints.choice("true", "false"));
                break;
            default:
                typed = fromWhere;
        }
        return typed.compile(tokenizer, hole);
    }
}
