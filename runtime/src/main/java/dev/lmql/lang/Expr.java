package dev.lmql.lang;

import java.util.List;
import java.util.Objects;

/**
 * A where-clause expression. Equality ignores source positions; parentheses leave no node behind (the
 * printer adds them back where precedence needs them).
 *
 * <p>Precedence, loosest first: {@code or}, {@code and}, {@code not}, comparisons and {@code in}
 * (not chained), then calls, method calls, literals and parenthesised expressions.
 */
public sealed interface Expr permits Expr.And, Expr.Or, Expr.Not, Expr.Comparison, Expr.In, Expr.Call,
        Expr.MethodCall, Expr.Identifier, Expr.StringLiteral, Expr.IntLiteral, Expr.FloatLiteral,
        Expr.ListLiteral {

    /** Where the expression starts in the where-clause source. */
    SourcePosition position();

    /** Source text that parses back to an equal expression. */
    default String toSource() {
        return LmqlPrinter.print(this);
    }

    /**
     * {@code a and b and ...}: one node per unparenthesised chain, so {@code a and b and c} has three operands
     * while {@code (a and b) and c} nests.
     */
    record And(List<Expr> operands, SourcePosition position) implements Expr {
        /** Copies the operands and checks there are at least two. */
        public And {
            Objects.requireNonNull(position, "position");
            operands = List.copyOf(operands);
            if (operands.size() < 2) {
                throw new IllegalArgumentException("'and' needs at least two operands: " + operands);
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof And that && operands.equals(that.operands);
        }

        @Override
        public int hashCode() {
            return Objects.hash("and", operands);
        }
    }

    /** {@code a or b or ...}: one node per unparenthesised chain, like {@link And}. */
    record Or(List<Expr> operands, SourcePosition position) implements Expr {
        /** Copies the operands and checks there are at least two. */
        public Or {
            Objects.requireNonNull(position, "position");
            operands = List.copyOf(operands);
            if (operands.size() < 2) {
                throw new IllegalArgumentException("'or' needs at least two operands: " + operands);
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Or that && operands.equals(that.operands);
        }

        @Override
        public int hashCode() {
            return Objects.hash("or", operands);
        }
    }

    /** {@code not operand}; {@code a not in b} parses as {@code Not(In(a, b))}. */
    record Not(Expr operand, SourcePosition position) implements Expr {
        /** Validates that all components are present. */
        public Not {
            Objects.requireNonNull(operand, "operand");
            Objects.requireNonNull(position, "position");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Not that && operand.equals(that.operand);
        }

        @Override
        public int hashCode() {
            return Objects.hash("not", operand);
        }
    }

    /** {@code left op right} for {@code == != < > <= >=}. */
    record Comparison(ComparisonOperator operator, Expr left, Expr right, SourcePosition position) implements Expr {
        /** Validates that all components are present. */
        public Comparison {
            Objects.requireNonNull(operator, "operator");
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
            Objects.requireNonNull(position, "position");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Comparison that && operator == that.operator && left.equals(that.left)
                    && right.equals(that.right);
        }

        @Override
        public int hashCode() {
            return Objects.hash(operator, left, right);
        }
    }

    /**
     * {@code element in container}: {@code X in ["a", "b"]}, {@code X in param} (choice) or {@code "s" in X}
     * (substring).
     */
    record In(Expr element, Expr container, SourcePosition position) implements Expr {
        /** Validates that all components are present. */
        public In {
            Objects.requireNonNull(element, "element");
            Objects.requireNonNull(container, "container");
            Objects.requireNonNull(position, "position");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof In that && element.equals(that.element) && container.equals(that.container);
        }

        @Override
        public int hashCode() {
            return Objects.hash("in", element, container);
        }
    }

    /**
     * A call of a built-in function by name, e.g. {@code STOPS_AT(X, ".")} or {@code len(TOKENS(X))}. The
     * parser accepts any name; {@link QueryChecker} reports unknown functions and wrong arguments.
     */
    record Call(String function, List<Expr> arguments, SourcePosition position) implements Expr {
        /** Validates the name and copies the argument list. */
        public Call {
            Objects.requireNonNull(position, "position");
            if (!Identifiers.isName(function)) {
                throw new IllegalArgumentException("not a valid function name: " + function);
            }
            arguments = List.copyOf(arguments);
        }

        /** The built-in this call names, if it is one. */
        public java.util.Optional<BuiltinFunction> builtin() {
            return BuiltinFunction.forName(function);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Call that && function.equals(that.function) && arguments.equals(that.arguments);
        }

        @Override
        public int hashCode() {
            return Objects.hash(function, arguments);
        }
    }

    /** A method call on an expression, e.g. {@code X.startswith("a")}. */
    record MethodCall(Expr target, String method, List<Expr> arguments, SourcePosition position) implements Expr {
        /** Validates the name and copies the argument list. */
        public MethodCall {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(position, "position");
            if (!Identifiers.isName(method)) {
                throw new IllegalArgumentException("not a valid method name: " + method);
            }
            arguments = List.copyOf(arguments);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof MethodCall that && target.equals(that.target) && method.equals(that.method)
                    && arguments.equals(that.arguments);
        }

        @Override
        public int hashCode() {
            return Objects.hash(target, method, arguments);
        }
    }

    /** A bare name: a hole of the template, or else a parameter of the query method. */
    record Identifier(String name, SourcePosition position) implements Expr {
        /** Validates that the name is an identifier and not a keyword. */
        public Identifier {
            Objects.requireNonNull(position, "position");
            if (!Identifiers.isName(name)) {
                throw new IllegalArgumentException("not a valid name: " + name);
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Identifier that && name.equals(that.name);
        }

        @Override
        public int hashCode() {
            return name.hashCode();
        }
    }

    /** A string literal; {@code value} is the unescaped text (raw strings keep their backslashes). */
    record StringLiteral(String value, SourcePosition position) implements Expr {
        /** Validates that all components are present. */
        public StringLiteral {
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(position, "position");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof StringLiteral that && value.equals(that.value);
        }

        @Override
        public int hashCode() {
            return value.hashCode();
        }
    }

    /** An integer literal such as {@code 10} or {@code -3}. */
    record IntLiteral(long value, SourcePosition position) implements Expr {
        /** Validates that the position is present. */
        public IntLiteral {
            Objects.requireNonNull(position, "position");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof IntLiteral that && value == that.value;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(value);
        }
    }

    /** A float literal such as {@code 0.5}, {@code -1.0} or {@code 1e-3}; always finite. */
    record FloatLiteral(double value, SourcePosition position) implements Expr {
        /** Validates that the value is finite. */
        public FloatLiteral {
            Objects.requireNonNull(position, "position");
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("float literal must be finite: " + value);
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof FloatLiteral that && Double.compare(value, that.value) == 0;
        }

        @Override
        public int hashCode() {
            return Double.hashCode(value);
        }
    }

    /** A list literal such as {@code ["yes", "no"]}. */
    record ListLiteral(List<Expr> elements, SourcePosition position) implements Expr {
        /** Copies the element list. */
        public ListLiteral {
            Objects.requireNonNull(position, "position");
            elements = List.copyOf(elements);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ListLiteral that && elements.equals(that.elements);
        }

        @Override
        public int hashCode() {
            return elements.hashCode();
        }
    }
}
