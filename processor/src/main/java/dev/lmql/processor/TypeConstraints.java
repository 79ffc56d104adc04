package dev.lmql.processor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns the return type's demands on holes into where-clause text conjoined to the user's clause, so the
 * runtime enforces them at the token level like any other constraint.
 */
final class TypeConstraints {

    private TypeConstraints() {
    }

    /** The holes the shape fills and the type each must hold, in a stable order. */
    static Map<String, ValueType> holeTypes(ResultShape shape) {
        Map<String, ValueType> types = new LinkedHashMap<>();
        collect(shape, types);
        return types;
    }

    private static void collect(ResultShape shape, Map<String, ValueType> types) {
        if (shape instanceof ResultShape.Single single) {
            types.put(single.hole(), single.type());
        } else if (shape instanceof ResultShape.OptionalOf optional) {
            types.put(optional.hole(), optional.type());
        } else if (shape instanceof ResultShape.RecordOf record) {
            for (ResultShape.Component component : record.components()) {
                types.put(component.hole(), component.type());
            }
        } else if (shape instanceof ResultShape.ListOf list) {
            collect(list.element(), types);
        }
        // Raw and DistributionOf constrain nothing: the distribution clause supplies its hole's values.
    }

    /**
     * The where clause to run: the user's clause in parentheses, conjoined with one constraint per typed hole.
     * Holes named in {@code skip} (the distribution variable, holes already typed in the template) get none.
     */
    static String combinedWhere(String userWhere, Map<String, ValueType> holeTypes, List<String> skip) {
        List<String> conjuncts = new ArrayList<>();
        String trimmed = userWhere.strip();
        holeTypes.forEach((hole, type) -> {
            if (!skip.contains(hole)) {
                String constraint = constraint(hole, type);
                if (!constraint.isEmpty()) {
                    conjuncts.add(constraint);
                }
            }
        });
        if (conjuncts.isEmpty()) {
            return userWhere;
        }
        if (!trimmed.isEmpty()) {
            conjuncts.add(0, "(" + trimmed + ")");
        }
        return String.join(" and ", conjuncts);
    }

    static String constraint(String hole, ValueType type) {
        switch (type.kind()) {
            case INT:
            case LONG:
                return "INT(" + hole + ")";
            case FLOAT:
            case DOUBLE:
                return "FLOAT(" + hole + ")";
            case BOOLEAN:
                return hole + " in [\"true\", \"false\"]";
            case ENUM:
                return hole + " in [" + type.labels().stream().map(l -> quote(l.label()))
                        .collect(Collectors.joining(", ")) + "]";
            default:
                return "";
        }
    }

    /** A double-quoted LMQL string literal. */
    static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\t': out.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        return out.append('"').toString();
    }
}
