package dev.lmql.lang;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Splits a where clause into the constraints of each hole. A clause is a conjunction; each conjunct that
 * mentions a hole constrains it, so a conjunct mentioning two holes belongs to both. Disjunctions and
 * negations stay whole.
 */
public final class HoleConstraints {
    private HoleConstraints() {
    }

    /** The top-level conjuncts: the operands of {@code and} chains (nested chains flattened), else the clause. */
    public static List<Expr> conjuncts(Expr where) {
        List<Expr> result = new ArrayList<>();
        Deque<Expr> pending = new ArrayDeque<>();
        pending.push(where);
        while (!pending.isEmpty()) {
            Expr e = pending.pop();
            if (e instanceof Expr.And and) {
                List<Expr> operands = and.operands();
                for (int o = operands.size() - 1; o >= 0; o--) {
                    pending.push(operands.get(o));
                }
            } else {
                result.add(e);
            }
        }
        return result;
    }

    /** Every name the expression mentions as a value (identifiers; not function or method names), in order. */
    public static Set<String> mentionedNames(Expr expr) {
        Set<String> names = new LinkedHashSet<>();
        for (Expr.Identifier identifier : identifiers(expr)) {
            names.add(identifier.name());
        }
        return names;
    }

    /** Every identifier node of the expression in source order. */
    public static List<Expr.Identifier> identifiers(Expr expr) {
        List<Expr.Identifier> result = new ArrayList<>();
        Deque<Expr> pending = new ArrayDeque<>();
        pending.push(expr);
        while (!pending.isEmpty()) {
            Expr e = pending.pop();
            if (e instanceof Expr.Identifier identifier) {
                result.add(identifier);
            } else {
                List<Expr> children = children(e);
                for (int c = children.size() - 1; c >= 0; c--) {
                    pending.push(children.get(c));
                }
            }
        }
        return result;
    }

    /** The direct sub-expressions of a node, in source order. */
    public static List<Expr> children(Expr e) {
        if (e instanceof Expr.And and) {
            return and.operands();
        }
        if (e instanceof Expr.Or or) {
            return or.operands();
        }
        if (e instanceof Expr.Not not) {
            return List.of(not.operand());
        }
        if (e instanceof Expr.Comparison comparison) {
            return List.of(comparison.left(), comparison.right());
        }
        if (e instanceof Expr.In in) {
            return List.of(in.element(), in.container());
        }
        if (e instanceof Expr.Call call) {
            return call.arguments();
        }
        if (e instanceof Expr.MethodCall call) {
            List<Expr> children = new ArrayList<>();
            children.add(call.target());
            children.addAll(call.arguments());
            return children;
        }
        if (e instanceof Expr.ListLiteral list) {
            return list.elements();
        }
        return List.of();
    }

    /** The conjuncts of {@code where} that mention {@code hole}, in source order. */
    public static List<Expr> of(Expr where, String hole) {
        List<Expr> result = new ArrayList<>();
        for (Expr conjunct : conjuncts(where)) {
            if (mentionedNames(conjunct).contains(hole)) {
                result.add(conjunct);
            }
        }
        return result;
    }

    /** The constraint of {@code hole} as one expression (a single conjunct, or an {@code and} of several). */
    public static Optional<Expr> combined(Expr where, String hole) {
        List<Expr> parts = of(where, hole);
        if (parts.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(parts.size() == 1 ? parts.get(0) : new Expr.And(parts, parts.get(0).position()));
    }

    /** For each hole (in the given order), the conjuncts that mention it; holes without constraints map to []. */
    public static Map<String, List<Expr>> byHole(Expr where, Collection<String> holes) {
        Map<String, List<Expr>> result = new LinkedHashMap<>();
        for (String hole : holes) {
            result.put(hole, of(where, hole));
        }
        return result;
    }
}
