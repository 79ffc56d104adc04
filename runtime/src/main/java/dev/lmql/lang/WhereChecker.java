package dev.lmql.lang;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks that a where clause is well-typed against the template's holes: names exist, functions get the
 * right number and kind of arguments, operators get operands they can compare. Reports each problem once
 * (an operand already reported is {@link Kind#INVALID} and silences checks above it).
 */
final class WhereChecker {
    /** What an expression denotes. */
    private enum Kind { CONDITION, HOLE, STRING, INT, FLOAT, LIST, PARAMETER, SEQUENCE, INVALID }

    private final Map<String, HoleType> holes;
    private final Set<String> parameters;
    private final String distributionVariable;
    private final List<Diagnostic> diagnostics;

    /**
     * @param holes the template's holes with their types, in source order
     * @param parameters the method's parameter names, or null when unknown
     * @param distributionVariable the distribution clause's variable, or null
     */
    WhereChecker(Map<String, HoleType> holes, Set<String> parameters, String distributionVariable,
            List<Diagnostic> diagnostics) {
        this.holes = holes;
        this.parameters = parameters;
        this.distributionVariable = distributionVariable;
        this.diagnostics = diagnostics;
    }

    void check(Expr where) {
        Kind kind = kind(where, false);
        if (kind != Kind.CONDITION && kind != Kind.INVALID) {
            error("the where clause must be a condition, got " + describe(where, kind), where);
        }
    }

    private Kind kind(Expr e, boolean negated) {
        if (e instanceof Expr.And and) {
            return chain(and.operands(), "and", negated);
        }
        if (e instanceof Expr.Or or) {
            return chain(or.operands(), "or", negated);
        }
        if (e instanceof Expr.Not not) {
            Kind operand = kind(not.operand(), !negated);
            if (operand != Kind.CONDITION && operand != Kind.INVALID) {
                error("the operand of 'not' must be a condition, got " + describe(not.operand(), operand), not.operand());
            }
            return Kind.CONDITION;
        }
        if (e instanceof Expr.Comparison comparison) {
            return comparison(comparison, negated);
        }
        if (e instanceof Expr.In in) {
            return in(in, negated);
        }
        if (e instanceof Expr.Call call) {
            return call(call, negated);
        }
        if (e instanceof Expr.MethodCall call) {
            return method(call, negated);
        }
        if (e instanceof Expr.Identifier identifier) {
            return identifier(identifier);
        }
        if (e instanceof Expr.StringLiteral) {
            return Kind.STRING;
        }
        if (e instanceof Expr.IntLiteral) {
            return Kind.INT;
        }
        if (e instanceof Expr.FloatLiteral) {
            return Kind.FLOAT;
        }
        for (Expr element : ((Expr.ListLiteral) e).elements()) {
            Kind kind = kind(element, negated);
            if (kind != Kind.STRING && kind != Kind.INT && kind != Kind.FLOAT && kind != Kind.INVALID) {
                error("list elements must be string or number literals, got " + describe(element, kind), element);
            }
        }
        return Kind.LIST;
    }

    private Kind chain(List<Expr> operands, String operator, boolean negated) {
        for (Expr operand : operands) {
            Kind kind = kind(operand, negated);
            if (kind != Kind.CONDITION && kind != Kind.INVALID) {
                error("the operands of '" + operator + "' must be conditions, got " + describe(operand, kind), operand);
            }
        }
        return Kind.CONDITION;
    }

    private Kind identifier(Expr.Identifier identifier) {
        String name = identifier.name();
        if (holes.containsKey(name)) {
            if (name.equals(distributionVariable)) {
                error("distribution variable " + name + " cannot be used in the where clause", identifier);
            }
            return Kind.HOLE;
        }
        if (parameters == null || parameters.contains(name)) {
            return Kind.PARAMETER;
        }
        unknownVariable(identifier);
        return Kind.INVALID;
    }

    private void unknownVariable(Expr.Identifier identifier) {
        List<String> candidates = new ArrayList<>(holes.keySet());
        if (parameters != null) {
            candidates.addAll(parameters);
        }
        String hint = Suggestions.closest(identifier.name(), candidates)
                .map(n -> "did you mean " + n + "?")
                .orElse(parameters == null ? "it is not a hole of the template"
                        : "it is neither a hole of the template nor a parameter");
        error("unknown variable " + identifier.name() + " in the where clause; " + hint, identifier);
    }

    private Kind call(Expr.Call call, boolean negated) {
        Optional<BuiltinFunction> builtin = call.builtin();
        if (builtin.isEmpty()) {
            String hint = Suggestions.closest(call.function(), BuiltinFunction.names())
                    .map(n -> "did you mean " + n + "?")
                    .orElse("expected one of " + String.join(", ", BuiltinFunction.names()));
            error("unknown function " + call.function() + "; " + hint, call);
            call.arguments().forEach(a -> kind(a, negated));
            return Kind.INVALID;
        }
        BuiltinFunction function = builtin.get();
        List<Expr> arguments = call.arguments();
        List<Kind> kinds = new ArrayList<>();
        for (Expr argument : arguments) {
            kinds.add(function == BuiltinFunction.LEN && isSequenceCall(argument) ? sequence((Expr.Call) argument)
                    : kind(argument, negated));
        }
        if (arguments.size() != function.arity()) {
            error(call.function() + " expects " + function.arity() + (function.arity() == 1 ? " argument (" : " arguments (")
                    + function.expects() + "), got " + arguments.size(), call);
            return function == BuiltinFunction.LEN ? Kind.INT : Kind.CONDITION;
        }
        switch (function) {
            case LEN:
                Kind kind = kinds.get(0);
                if (kind == Kind.PARAMETER && parameters == null && arguments.get(0) instanceof Expr.Identifier id) {
                    unknownVariable(id);
                } else if (kind != Kind.HOLE && kind != Kind.SEQUENCE && kind != Kind.INVALID) {
                    error("len expects " + function.expects() + ", got " + describe(arguments.get(0), kind),
                            arguments.get(0));
                }
                return Kind.INT;
            case TOKENS:
            case WORDS:
                requireHole(call, arguments.get(0), kinds.get(0), "as its argument");
                error(call.function() + "(" + arguments.get(0).toSource() + ") can only be used inside len(...)", call);
                return Kind.INVALID;
            case STOPS_AT:
            case STOPS_BEFORE:
                if (negated) {
                    error(call.function() + " cannot be used under 'not'; a stop phrase ends the hole and cannot be negated",
                            call);
                }
                requireHole(call, arguments.get(0), kinds.get(0), "as its first argument");
                requireString(call, arguments.get(1), kinds.get(1), "a stop phrase");
                if (arguments.get(1) instanceof Expr.StringLiteral s && s.value().isEmpty()) {
                    error("the stop phrase of " + call.function() + " must not be empty", arguments.get(1));
                }
                return Kind.CONDITION;
            case REGEX:
                requireHole(call, arguments.get(0), kinds.get(0), "as its first argument");
                requireString(call, arguments.get(1), kinds.get(1), "a regular expression");
                if (arguments.get(1) instanceof Expr.StringLiteral regex) {
                    QueryChecker.regexProblem(regex.value()).ifPresent(problem -> error("the regular expression of "
                            + call.function() + " is not usable: " + problem, regex));
                }
                return Kind.CONDITION;
            case STARTS_WITH:
                requireHole(call, arguments.get(0), kinds.get(0), "as its first argument");
                requireString(call, arguments.get(1), kinds.get(1), "a prefix");
                return Kind.CONDITION;
            default:
                requireHole(call, arguments.get(0), kinds.get(0), "as its argument");
                return Kind.CONDITION;
        }
    }

    private static boolean isSequenceCall(Expr e) {
        return e instanceof Expr.Call c && (c.builtin().equals(Optional.of(BuiltinFunction.TOKENS))
                || c.builtin().equals(Optional.of(BuiltinFunction.WORDS)));
    }

    /** TOKENS(X) / WORDS(X) directly inside len(...). */
    private Kind sequence(Expr.Call call) {
        if (call.arguments().size() != 1) {
            error(call.function() + " expects 1 argument (a hole), got " + call.arguments().size(), call);
            return Kind.INVALID;
        }
        Expr argument = call.arguments().get(0);
        Kind kind = kind(argument, false);
        return requireHole(call, argument, kind, "as its argument") ? Kind.SEQUENCE : Kind.INVALID;
    }

    private boolean requireHole(Expr.Call call, Expr argument, Kind kind, String where) {
        if (kind == Kind.HOLE) {
            return true;
        }
        if (kind == Kind.PARAMETER && parameters == null && argument instanceof Expr.Identifier id) {
            unknownVariable(id);
        } else if (kind != Kind.INVALID) {
            error(call.function() + " expects a hole " + where + ", got " + describe(argument, kind), argument);
        }
        return false;
    }

    private void requireString(Expr.Call call, Expr argument, Kind kind, String role) {
        if (kind != Kind.STRING && kind != Kind.PARAMETER && kind != Kind.INVALID) {
            error(call.function() + " expects a string as its second argument (" + role + "), got "
                    + describe(argument, kind), argument);
        }
    }

    private Kind method(Expr.MethodCall call, boolean negated) {
        Kind target = kind(call.target(), negated);
        List<Kind> kinds = new ArrayList<>();
        for (Expr argument : call.arguments()) {
            kinds.add(kind(argument, negated));
        }
        if (!call.method().equals("startswith")) {
            String hint = Suggestions.closest(call.method(), List.of("startswith"))
                    .map(n -> "did you mean " + n + "?")
                    .orElse("the only supported method is startswith");
            error("unknown method " + call.method() + "; " + hint, call);
            return Kind.INVALID;
        }
        if (target == Kind.PARAMETER && parameters == null && call.target() instanceof Expr.Identifier id) {
            unknownVariable(id);
        } else if (target != Kind.HOLE && target != Kind.INVALID) {
            error("startswith must be called on a hole, got " + describe(call.target(), target), call.target());
        }
        if (call.arguments().size() != 1) {
            error("startswith expects 1 argument (a prefix), got " + call.arguments().size(), call);
        } else if (kinds.get(0) != Kind.STRING && kinds.get(0) != Kind.PARAMETER && kinds.get(0) != Kind.INVALID) {
            error("startswith expects a string as its argument (a prefix), got "
                    + describe(call.arguments().get(0), kinds.get(0)), call.arguments().get(0));
        }
        return Kind.CONDITION;
    }

    private Kind comparison(Expr.Comparison comparison, boolean negated) {
        Kind left = kind(comparison.left(), negated);
        Kind right = kind(comparison.right(), negated);
        if (left == Kind.INVALID || right == Kind.INVALID) {
            return Kind.CONDITION;
        }
        String op = comparison.operator().symbol();
        if (comparison.operator().isOrdering()) {
            for (Expr side : List.of(comparison.left(), comparison.right())) {
                Kind kind = side == comparison.left() ? left : right;
                if (!isNumeric(side, kind)) {
                    error("operator " + op + " compares numbers, got " + describe(side, kind), side);
                    return Kind.CONDITION;
                }
            }
        } else {
            boolean numeric = isNumeric(comparison.left(), left) && isNumeric(comparison.right(), right);
            boolean textual = isText(left) && isText(right);
            if (!numeric && !textual) {
                error("operator " + op + " compares values of the same kind, got " + describe(comparison.left(), left)
                        + " and " + describe(comparison.right(), right), comparison);
            }
        }
        return Kind.CONDITION;
    }

    private Kind in(Expr.In in, boolean negated) {
        Kind element = kind(in.element(), negated);
        Kind container = kind(in.container(), negated);
        if (element == Kind.INVALID || container == Kind.INVALID) {
            return Kind.CONDITION;
        }
        switch (container) {
            case LIST:
                if (((Expr.ListLiteral) in.container()).elements().isEmpty()) {
                    error("the list of 'in' is empty, so no value can satisfy it", in.container());
                }
                if (element != Kind.HOLE) {
                    error("'in' with a list needs a hole on its left, got " + describe(in.element(), element),
                            in.element());
                }
                break;
            case HOLE:
                if (element != Kind.STRING && element != Kind.PARAMETER && element != Kind.HOLE) {
                    error("'in' with a hole on its right tests for a substring and needs a string on its left, got "
                            + describe(in.element(), element), in.element());
                }
                break;
            case PARAMETER:
                if (element != Kind.HOLE && element != Kind.STRING) {
                    error("'in' with " + describe(in.container(), container)
                            + " on its right needs a hole or a string on its left, got "
                            + describe(in.element(), element), in.element());
                }
                break;
            default:
                error("'in' expects a list, a parameter or a hole on its right, got "
                        + describe(in.container(), container), in.container());
        }
        return Kind.CONDITION;
    }

    private boolean isNumeric(Expr e, Kind kind) {
        if (kind == Kind.INT || kind == Kind.FLOAT || kind == Kind.PARAMETER) {
            return true;
        }
        if (kind == Kind.HOLE) {
            HoleType type = holes.get(((Expr.Identifier) e).name());
            return type == HoleType.INT || type == HoleType.FLOAT;
        }
        return false;
    }

    private static boolean isText(Kind kind) {
        return kind == Kind.HOLE || kind == Kind.STRING || kind == Kind.PARAMETER;
    }

    private static String describe(Expr e, Kind kind) {
        switch (kind) {
            case HOLE:
                return "the hole " + ((Expr.Identifier) e).name();
            case PARAMETER:
                return "the parameter " + ((Expr.Identifier) e).name();
            case STRING:
                return "the string " + LmqlPrinter.quote(((Expr.StringLiteral) e).value());
            case INT:
                return e instanceof Expr.IntLiteral ? "the integer " + e.toSource() : "the length " + e.toSource();
            case FLOAT:
                return "the number " + e.toSource();
            case LIST:
                return "a list";
            case SEQUENCE:
                return e.toSource();
            default:
                return "a condition";
        }
    }

    private void error(String message, Expr at) {
        diagnostics.add(new Diagnostic(Diagnostic.Kind.ERROR, message, QueryPart.WHERE, at.position()));
    }
}
