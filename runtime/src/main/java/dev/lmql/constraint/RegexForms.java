package dev.lmql.constraint;

import java.util.Optional;

/** The java.util.regex form of a value constraint, for servers with guided decoding — where one exists. */
final class RegexForms {
    private static final String ANY_CHARS = "[\\s\\S]";

    private RegexForms() {
    }

    static Optional<String> of(Constraint c) {
        if (c instanceof Terms.Regex) {
            return Optional.of(((Terms.Regex) c).pattern());
        }
        if (c instanceof Terms.Choice) {
            StringBuilder b = new StringBuilder();
            for (String option : ((Terms.Choice) c).options()) {
                b.append(b.length() == 0 ? "" : "|").append(literal(option));
            }
            return Optional.of(((Terms.Choice) c).options().size() == 1 ? b.toString() : "(?:" + b + ")");
        }
        if (c instanceof Terms.IntValue) {
            return Optional.of(Terms.IntValue.PATTERN);
        }
        if (c instanceof Terms.FloatValue) {
            return Optional.of(Terms.FloatValue.PATTERN);
        }
        if (c instanceof Terms.StartsWith) {
            return Optional.of(literal(((Terms.StartsWith) c).prefix()) + ANY_CHARS + "*");
        }
        if (c instanceof Terms.Contains) {
            return Optional.of(ANY_CHARS + "*" + literal(((Terms.Contains) c).text()) + ANY_CHARS + "*");
        }
        if (c instanceof Terms.CharLength) {
            Terms.CharLength l = (Terms.CharLength) c;
            return Optional.of(ANY_CHARS + "{" + l.min() + "," + (l.max() == Terms.UNBOUNDED ? "" : l.max()) + "}");
        }
        if (c instanceof Terms.Or) {
            StringBuilder b = new StringBuilder("(?:");
            boolean first = true;
            for (Constraint part : ((Terms.Or) c).parts()) {
                Optional<String> r = of(part);
                if (r.isEmpty()) {
                    return Optional.empty();
                }
                b.append(first ? "" : "|").append(r.get());
                first = false;
            }
            return Optional.of(b.append(')').toString());
        }
        return Optional.empty();
    }

    /** Escapes regex metacharacters with backslashes (servers often lack {@code \Q...\E}). */
    static String literal(String text) {
        StringBuilder b = new StringBuilder();
        text.codePoints().forEach(cp -> {
            if ("\\.[]{}()*+?^$|".indexOf(cp) >= 0) {
                b.append('\\').appendCodePoint(cp);
            } else if (cp == '\n') {
                b.append("\\n");
            } else if (cp == '\t') {
                b.append("\\t");
            } else if (cp == '\r') {
                b.append("\\r");
            } else {
                b.appendCodePoint(cp);
            }
        });
        return b.toString();
    }
}
