package dev.lmql.lang;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed distribution clause {@code VAR in ["a", "b"]} or {@code VAR in param}: after decoding, the prompt up
 * to {@code VAR} is scored against every value. Equality ignores source positions.
 *
 * @param variable the hole whose value distribution is computed
 * @param values a {@link Expr.ListLiteral} of {@link Expr.StringLiteral}s, or an {@link Expr.Identifier} naming a
 *     parameter that holds the values
 */
public record DistributionClause(String variable, Expr values, SourcePosition position) {

    /** Validates the variable name and the shape of the values. */
    public DistributionClause {
        Objects.requireNonNull(position, "position");
        if (!Identifiers.isName(variable)) {
            throw new IllegalArgumentException("not a valid variable name: " + variable);
        }
        if (values instanceof Expr.ListLiteral list) {
            if (list.elements().isEmpty()) {
                throw new IllegalArgumentException("distribution values must not be empty");
            }
            for (Expr element : list.elements()) {
                if (!(element instanceof Expr.StringLiteral)) {
                    throw new IllegalArgumentException("distribution values must be string literals: " + element);
                }
            }
        } else if (!(values instanceof Expr.Identifier)) {
            throw new IllegalArgumentException("distribution values must be a list or a parameter name: " + values);
        }
    }

    /** The literal values, when the clause lists them (empty when it names a parameter). */
    public List<String> literalValues() {
        List<String> result = new ArrayList<>();
        if (values instanceof Expr.ListLiteral list) {
            for (Expr element : list.elements()) {
                result.add(((Expr.StringLiteral) element).value());
            }
        }
        return result;
    }

    /** The parameter holding the values, when the clause names one instead of listing them. */
    public Optional<String> valuesParameter() {
        return values instanceof Expr.Identifier id ? Optional.of(id.name()) : Optional.empty();
    }

    /** Source text that parses back to an equal clause. */
    public String toSource() {
        return LmqlPrinter.print(this);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DistributionClause that && variable.equals(that.variable) && values.equals(that.values);
    }

    @Override
    public int hashCode() {
        return variable.hashCode() * 31 + values.hashCode();
    }
}
