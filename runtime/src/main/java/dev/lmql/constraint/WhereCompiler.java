package dev.lmql.constraint;

import dev.lmql.lang.BuiltinFunction;
import dev.lmql.lang.ComparisonOperator;
import dev.lmql.lang.Expr;
import dev.lmql.lang.HoleType;
import dev.lmql.tokenizer.Tokenizer;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a parsed where clause into the constraint of one hole. The clause's top-level {@code and} parts that
 * mention only this hole are kept; parts about other holes are left to them. Mapping (X is the hole):
 * {@code X in [...]}, {@code X in param} and {@code X == "s"} → choice; {@code X != "s"} → not choice;
 * {@code INT(X)}, {@code FLOAT(X)}, {@code REGEX(X, r)}, {@code STARTS_WITH(X, s)} / {@code X.startswith(s)};
 * {@code "s" in X} / {@code not "s" in X}; {@code len(X)}, {@code len(TOKENS(X))}, {@code len(WORDS(X))} compared
 * with a number or a numeric parameter; {@code STOPS_AT} / {@code STOPS_BEFORE}; {@code and}, {@code or},
 * {@code not}. Anything else is an {@link IllegalArgumentException} naming the construct and its position.
 */
public final class WhereCompiler {
    private final String hole;
    private final Map<String, Object> parameters;

    private WhereCompiler(String hole, Map<String, Object> parameters) {
        this.hole = hole;
        this.parameters = parameters;
    }

    /**
     * The constraint the where clause puts on one hole ({@link Constraints#any()} if it puts none).
     *
     * @param where the parsed where clause, or null for none
     * @param hole the hole's name
     * @param parameters values of the query's parameters, for {@code X in param} and numeric bounds
     */
    public static Constraint constraintFor(Expr where, String hole, Map<String, Object> parameters) {
        Objects.requireNonNull(hole, "hole");
        Objects.requireNonNull(parameters, "parameters");
        if (where == null) {
            return Constraints.any();
        }
        WhereCompiler compiler = new WhereCompiler(hole, parameters);
        List<Constraint> parts = new ArrayList<>();
        for (Expr conjunct : conjuncts(where)) {
            Set<String> holes = compiler.holesIn(conjunct);
            if (!holes.contains(hole)) {
                continue;
            }
            if (holes.size() > 1) {
                throw compiler.error(conjunct, "a constraint may mention only one hole, but this one mentions "
                        + holes + "; split it into one constraint per hole joined by 'and'");
            }
            parts.add(compiler.convert(conjunct));
        }
        return parts.isEmpty() ? Constraints.any() : Constraints.and(parts);
    }

    /**
     * The hole's constraint from the where clause and its declared type: {@code [X: int]} adds {@code INT(X)},
     * {@code [X: float]} adds {@code FLOAT(X)}, {@code [X: bool]} adds {@code X in ["true", "false"]}.
     */
    public static Constraint constraintFor(Expr where, String hole, HoleType type, Map<String, Object> parameters) {
        Constraint fromWhere = constraintFor(where, hole, parameters);
        Constraint fromType;
        switch (Objects.requireNonNull(type, "type")) {
            case INT:
                fromType = Constraints.integer();
                break;
            case FLOAT:
                fromType = Constraints.floating();
                break;
            case BOOL:
                fromType = Constraints.choice("true", "false");
                break;
            default:
                return fromWhere;
        }
        return fromWhere instanceof Terms.Any ? fromType : Constraints.and(fromType, fromWhere);
    }

    /** {@link #constraintFor(Expr, String, HoleType, Map)} compiled for a tokenizer. */
    public static TokenConstraint compile(Expr where, String hole, HoleType type, Map<String, Object> parameters,
            Tokenizer tokenizer) {
        return constraintFor(where, hole, type, parameters).compile(tokenizer, hole);
    }

    /** {@link #constraintFor} compiled for a tokenizer. */
    public static TokenConstraint compile(Expr where, String hole, Map<String, Object> parameters,
            Tokenizer tokenizer) {
        return constraintFor(where, hole, parameters).compile(tokenizer, hole);
    }

    private static List<Expr> conjuncts(Expr where) {
        List<Expr> out = new ArrayList<>();
        if (where instanceof Expr.And and) {
            for (Expr e : and.operands()) {
                out.addAll(conjuncts(e));
            }
        } else {
            out.add(where);
        }
        return out;
    }

    /** Names in the expression that are not parameters: this hole or other holes. */
    private Set<String> holesIn(Expr e) {
        Set<String> out = new LinkedHashSet<>();
        collect(e, out);
        return out;
    }

    private void collect(Expr e, Set<String> out) {
        if (e instanceof Expr.Identifier id) {
            if (id.name().equals(hole) || !parameters.containsKey(id.name())) {
                out.add(id.name());
            }
        } else if (e instanceof Expr.And and) {
            and.operands().forEach(x -> collect(x, out));
        } else if (e instanceof Expr.Or or) {
            or.operands().forEach(x -> collect(x, out));
        } else if (e instanceof Expr.Not not) {
            collect(not.operand(), out);
        } else if (e instanceof Expr.Comparison c) {
            collect(c.left(), out);
            collect(c.right(), out);
        } else if (e instanceof Expr.In in) {
            collect(in.element(), out);
            collect(in.container(), out);
        } else if (e instanceof Expr.Call call) {
            call.arguments().forEach(x -> collect(x, out));
        } else if (e instanceof Expr.MethodCall m) {
            collect(m.target(), out);
            m.arguments().forEach(x -> collect(x, out));
        } else if (e instanceof Expr.ListLiteral list) {
            list.elements().forEach(x -> collect(x, out));
        }
    }

    private Constraint convert(Expr e) {
        if (e instanceof Expr.And and) {
            List<Constraint> parts = new ArrayList<>();
            for (Expr x : and.operands()) {
                parts.add(convert(x));
            }
            return Constraints.and(parts);
        }
        if (e instanceof Expr.Or or) {
            List<Constraint> parts = new ArrayList<>();
            for (Expr x : or.operands()) {
                parts.add(convert(x));
            }
            return Constraints.or(parts);
        }
        if (e instanceof Expr.Not not) {
            return Constraints.not(convert(not.operand()));
        }
        if (e instanceof Expr.Call call) {
            return call(call);
        }
        if (e instanceof Expr.MethodCall m) {
            if (isHole(m.target()) && m.method().equals("startswith") && m.arguments().size() == 1) {
                return Constraints.startsWith(string(m.arguments().get(0)));
            }
            throw error(e, "only " + hole + ".startswith(\"...\") is supported as a method call");
        }
        if (e instanceof Expr.In in) {
            return in(in);
        }
        if (e instanceof Expr.Comparison c) {
            return comparison(c);
        }
        throw error(e, "this is not a constraint; expected e.g. INT(" + hole + "), " + hole + " in [...] or len("
                + hole + ") < 10");
    }

    private Constraint call(Expr.Call call) {
        Optional<BuiltinFunction> builtin = call.builtin();
        if (builtin.isEmpty()) {
            throw error(call, "unknown function " + call.function() + "; known: " + BuiltinFunction.names());
        }
        BuiltinFunction f = builtin.get();
        List<Expr> args = call.arguments();
        if (args.size() != f.arity() || !isHole(args.get(0))) {
            throw error(call, f.functionName() + " expects " + f.expects() + ", e.g. " + f.functionName() + "("
                    + hole + (f.arity() == 2 ? ", \"...\")" : ")"));
        }
        switch (f) {
            case INT:
                return Constraints.integer();
            case FLOAT:
                return Constraints.floating();
            case REGEX:
                try {
                    return Constraints.regex(string(args.get(1)));
                } catch (IllegalArgumentException ex) {
                    throw error(call, ex.getMessage());
                }
            case STARTS_WITH:
                return Constraints.startsWith(string(args.get(1)));
            case STOPS_AT:
                return Constraints.stopsAt(string(args.get(1)));
            case STOPS_BEFORE:
                return Constraints.stopsBefore(string(args.get(1)));
            default:
                throw error(call, f.functionName() + "(...) is not a constraint by itself; compare it, e.g. "
                        + "len(TOKENS(" + hole + ")) < 20");
        }
    }

    private Constraint in(Expr.In in) {
        if (isHole(in.element())) {
            return Constraints.choice(options(in.container()));
        }
        if (isHole(in.container())) {
            return Constraints.contains(string(in.element()));
        }
        throw error(in, "expected " + hole + " in [...], " + hole + " in parameter, or \"text\" in " + hole);
    }

    private List<String> options(Expr container) {
        List<String> options = new ArrayList<>();
        if (container instanceof Expr.ListLiteral list) {
            for (Expr element : list.elements()) {
                options.add(scalar(element));
            }
        } else if (container instanceof Expr.Identifier id && parameters.containsKey(id.name())) {
            Object value = parameters.get(id.name());
            if (value instanceof Collection<?> collection) {
                collection.forEach(v -> options.add(String.valueOf(v)));
            } else if (value != null && value.getClass().isArray()) {
                for (int i = 0; i < Array.getLength(value); i++) {
                    options.add(String.valueOf(Array.get(value, i)));
                }
            } else {
                throw error(container, "parameter " + id.name() + " must be a list or array of options to use it "
                        + "with 'in', but it is " + (value == null ? "null" : value.getClass().getSimpleName()));
            }
        } else {
            throw error(container, "expected a list literal [...] or a list parameter");
        }
        if (options.isEmpty()) {
            throw error(container, "the list of options is empty, so no value is possible");
        }
        return options;
    }

    private Constraint comparison(Expr.Comparison c) {
        Expr left = c.left();
        Expr right = c.right();
        ComparisonOperator op = c.operator();
        if (isHole(right) || isLength(right)) {
            Expr swap = left;
            left = right;
            right = swap;
            op = flip(op);
        }
        if (isHole(left)) {
            if (op == ComparisonOperator.EQ) {
                return Constraints.choice(scalar(right));
            }
            if (op == ComparisonOperator.NE) {
                return Constraints.not(Constraints.choice(scalar(right)));
            }
            throw error(c, "ordering comparisons on " + hole + " itself are not supported; constrain its length "
                    + "with len(" + hole + ")");
        }
        if (isLength(left)) {
            long n = number(right);
            Expr.Call len = (Expr.Call) left;
            Expr measured = len.arguments().get(0);
            String unit = measured instanceof Expr.Call inner ? inner.function() : "CHARS";
            if (op == ComparisonOperator.NE) {
                if (unit.equals("TOKENS")) {
                    throw error(c, "len(TOKENS(" + hole + ")) != n is not supported; use < or >");
                }
                return Constraints.or(length(unit, 0, n - 1, c), length(unit, n + 1, Terms.UNBOUNDED, c));
            }
            long min;
            long max;
            switch (op) {
                case EQ:
                    min = n;
                    max = n;
                    break;
                case LT:
                    min = 0;
                    max = n - 1;
                    break;
                case LE:
                    min = 0;
                    max = n;
                    break;
                case GT:
                    min = n + 1;
                    max = Terms.UNBOUNDED;
                    break;
                default:
                    min = n;
                    max = Terms.UNBOUNDED;
            }
            return length(unit, min, max, c);
        }
        throw error(c, "expected a comparison of " + hole + " or of len(" + hole + "), len(TOKENS(" + hole
                + ")) or len(WORDS(" + hole + ")) with a number");
    }

    private Constraint length(String unit, long min, long max, Expr at) {
        long lo = Math.max(0, min);
        if (max < lo) {
            throw error(at, "no length satisfies this bound");
        }
        int a = (int) Math.min(lo, Integer.MAX_VALUE - 1);
        int b = (int) Math.min(max, Terms.UNBOUNDED);
        switch (unit) {
            case "TOKENS":
                return Constraints.tokenLength(a, b);
            case "WORDS":
                return Constraints.wordCount(a, b);
            default:
                return Constraints.charLength(a, b);
        }
    }

    private static ComparisonOperator flip(ComparisonOperator op) {
        switch (op) {
            case LT:
                return ComparisonOperator.GT;
            case GT:
                return ComparisonOperator.LT;
            case LE:
                return ComparisonOperator.GE;
            case GE:
                return ComparisonOperator.LE;
            default:
                return op;
        }
    }

    /** {@code len(X)}, {@code len(TOKENS(X))} or {@code len(WORDS(X))}. */
    private boolean isLength(Expr e) {
        if (!(e instanceof Expr.Call call) || !call.function().equals("len") || call.arguments().size() != 1) {
            return false;
        }
        Expr arg = call.arguments().get(0);
        if (isHole(arg)) {
            return true;
        }
        return arg instanceof Expr.Call inner && (inner.function().equals("TOKENS") || inner.function()
                .equals("WORDS")) && inner.arguments().size() == 1 && isHole(inner.arguments().get(0));
    }

    private boolean isHole(Expr e) {
        return e instanceof Expr.Identifier id && id.name().equals(hole);
    }

    private long number(Expr e) {
        if (e instanceof Expr.IntLiteral i) {
            return i.value();
        }
        if (e instanceof Expr.Identifier id && parameters.get(id.name()) instanceof Number n
                && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.longValue();
        }
        throw error(e, "expected a whole number (a literal or an integer parameter)");
    }

    private String string(Expr e) {
        if (e instanceof Expr.StringLiteral s) {
            return s.value();
        }
        if (e instanceof Expr.Identifier id && parameters.get(id.name()) instanceof CharSequence s) {
            return s.toString();
        }
        throw error(e, "expected a string (a literal or a string parameter)");
    }

    private String scalar(Expr e) {
        if (e instanceof Expr.StringLiteral s) {
            return s.value();
        }
        if (e instanceof Expr.IntLiteral i) {
            return Long.toString(i.value());
        }
        if (e instanceof Expr.FloatLiteral f) {
            return Double.toString(f.value());
        }
        if (e instanceof Expr.Identifier id && parameters.containsKey(id.name()) && parameters.get(id.name()) != null) {
            return String.valueOf(parameters.get(id.name()));
        }
        throw error(e, "expected a string, a number or a parameter");
    }

    private IllegalArgumentException error(Expr at, String reason) {
        return new IllegalArgumentException("where clause, " + at.position() + ": " + at.toSource() + ": "
                + reason);
    }
}
