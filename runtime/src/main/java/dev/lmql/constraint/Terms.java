package dev.lmql.constraint;

import dev.lmql.lang.RegexNode;
import java.util.List;
import java.util.stream.Collectors;

/** The constraint terms {@link Constraints} builds. Values: records with validated fields. */
final class Terms {
    /** Marks an absent upper bound. */
    static final int UNBOUNDED = Integer.MAX_VALUE;

    private Terms() {
    }

    record Any() implements Constraint {
        @Override
        public String describe(String v) {
            return "true";
        }
    }

    record Choice(List<String> options) implements Constraint {
        @Override
        public String describe(String v) {
            return v + " in [" + options.stream().map(Terms::quote).collect(Collectors.joining(", ")) + "]";
        }
    }

    record Regex(String pattern, RegexNode node) implements Constraint {
        @Override
        public String describe(String v) {
            return "REGEX(" + v + ", " + quote(pattern) + ")";
        }
    }

    record IntValue() implements Constraint {
        /** At most 18 digits, so every value fits a {@code long}. */
        static final String PATTERN = "-?[0-9]{1,18}";

        @Override
        public String describe(String v) {
            return "INT(" + v + ")";
        }
    }

    record FloatValue() implements Constraint {
        static final String PATTERN = "-?[0-9]{1,18}(\\.[0-9]{1,18})?";

        @Override
        public String describe(String v) {
            return "FLOAT(" + v + ")";
        }
    }

    record StartsWith(String prefix) implements Constraint {
        @Override
        public String describe(String v) {
            return v + ".startswith(" + quote(prefix) + ")";
        }
    }

    record Contains(String text) implements Constraint {
        @Override
        public String describe(String v) {
            return quote(text) + " in " + v;
        }
    }

    /** Length in Unicode code points (Python's {@code len} of a str). */
    record CharLength(int min, int max) implements Constraint {
        @Override
        public String describe(String v) {
            return bounds("len(" + v + ")", min, max);
        }
    }

    record TokenLength(int min, int max) implements Constraint {
        @Override
        public String describe(String v) {
            return bounds("len(TOKENS(" + v + "))", min, max);
        }
    }

    /** Number of whitespace-separated words (Python's {@code len(x.split())}, ASCII whitespace). */
    record WordCount(int min, int max) implements Constraint {
        @Override
        public String describe(String v) {
            return bounds("len(WORDS(" + v + "))", min, max);
        }
    }

    /** STOPS_AT ({@code keep}) or STOPS_BEFORE. */
    record Stop(String phrase, boolean keep) implements Constraint {
        @Override
        public String describe(String v) {
            return (keep ? "STOPS_AT(" : "STOPS_BEFORE(") + v + ", " + quote(phrase) + ")";
        }
    }

    record And(List<Constraint> parts) implements Constraint {
        @Override
        public String describe(String v) {
            return parts.stream().map(p -> p instanceof Or ? "(" + p.describe(v) + ")" : p.describe(v))
                    .collect(Collectors.joining(" and "));
        }
    }

    record Or(List<Constraint> parts) implements Constraint {
        @Override
        public String describe(String v) {
            return parts.stream().map(p -> p instanceof And ? "(" + p.describe(v) + ")" : p.describe(v))
                    .collect(Collectors.joining(" or "));
        }
    }

    record Not(Constraint inner) implements Constraint {
        @Override
        public String describe(String v) {
            if (inner instanceof Contains) {
                return "not " + inner.describe(v);
            }
            return "not (" + inner.describe(v) + ")";
        }
    }

    static String bounds(String what, int min, int max) {
        if (max == UNBOUNDED) {
            return what + " >= " + min;
        }
        if (min == max) {
            return what + " == " + min;
        }
        if (min == 0) {
            return what + " <= " + max;
        }
        return what + " >= " + min + " and " + what + " <= " + max;
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    b.append("\\\"");
                    break;
                case '\\':
                    b.append("\\\\");
                    break;
                case '\n':
                    b.append("\\n");
                    break;
                case '\t':
                    b.append("\\t");
                    break;
                case '\r':
                    b.append("\\r");
                    break;
                default:
                    b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
