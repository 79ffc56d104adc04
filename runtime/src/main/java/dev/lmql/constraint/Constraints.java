package dev.lmql.constraint;

import dev.lmql.lang.RegexSyntax;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds value constraints — LMQL's where-clause vocabulary as Java values — that compile into token masks:
 * <pre>{@code
 * TokenConstraint c = Constraints.and(Constraints.integer(), Constraints.tokenLength(1, 4))
 *         .compile(Tokenizers.tiktoken("cl100k_base"), "N");
 * }</pre>
 * All lengths are inclusive bounds; pass {@link #UNBOUNDED} for "no upper bound".
 */
public final class Constraints {
    /** No upper bound for a length. */
    public static final int UNBOUNDED = Terms.UNBOUNDED;

    private Constraints() {
    }

    /** Every value. */
    public static Constraint any() {
        return new Terms.Any();
    }

    /** The value is exactly one of the options ({@code X in [...]}, {@code X == "s"}), in any tokenization. */
    public static Constraint choice(List<String> options) {
        Objects.requireNonNull(options, "options");
        if (options.isEmpty()) {
            throw new IllegalArgumentException("a choice needs at least one option");
        }
        for (String o : options) {
            Objects.requireNonNull(o, "a choice option is null");
        }
        return new Terms.Choice(List.copyOf(options));
    }

    /** Convenience for {@link #choice(List)}. */
    public static Constraint choice(String... options) {
        return choice(List.of(options));
    }

    /** {@code INT(X)}: an optional minus sign and 1 to 18 ASCII digits, so that the value always fits a long. */
    public static Constraint integer() {
        return new Terms.IntValue();
    }

    /** {@code FLOAT(X)}: an integer part and an optional fraction, e.g. {@code -3.25} (up to 18 digits each). */
    public static Constraint floating() {
        return new Terms.FloatValue();
    }

    /**
     * {@code REGEX(X, pattern)}: the whole value matches the java.util.regex-style pattern.
     *
     * @throws IllegalArgumentException with the position for malformed or unsupported patterns
     */
    public static Constraint regex(String pattern) {
        Objects.requireNonNull(pattern, "pattern");
        return new Terms.Regex(pattern, RegexSyntax.parse(pattern));
    }

    /** {@code X.startswith(prefix)}. */
    public static Constraint startsWith(String prefix) {
        return new Terms.StartsWith(Objects.requireNonNull(prefix, "prefix"));
    }

    /** {@code "text" in X}. */
    public static Constraint contains(String text) {
        return new Terms.Contains(nonEmpty(text, "contains"));
    }

    /** {@code not "text" in X}. */
    public static Constraint notContains(String text) {
        return not(contains(text));
    }

    /** {@code len(X)} between min and max characters (Unicode code points), inclusive. */
    public static Constraint charLength(int min, int max) {
        checkBounds("charLength", min, max);
        return new Terms.CharLength(min, max);
    }

    /** {@code len(TOKENS(X))} between min and max, inclusive. */
    public static Constraint tokenLength(int min, int max) {
        checkBounds("tokenLength", min, max);
        return new Terms.TokenLength(min, max);
    }

    /** {@code len(WORDS(X))}: the number of whitespace-separated words between min and max, inclusive. */
    public static Constraint wordCount(int min, int max) {
        checkBounds("wordCount", min, max);
        return new Terms.WordCount(min, max);
    }

    /** {@code STOPS_AT(X, phrase)}: generation ends right after the phrase, which stays in the value. */
    public static Constraint stopsAt(String phrase) {
        return new Terms.Stop(nonEmpty(phrase, "stopsAt"), true);
    }

    /** {@code STOPS_BEFORE(X, phrase)}: generation ends at the phrase, which is cut off the value. */
    public static Constraint stopsBefore(String phrase) {
        return new Terms.Stop(nonEmpty(phrase, "stopsBefore"), false);
    }

    /** All of the constraints hold. */
    public static Constraint and(Constraint... parts) {
        return and(List.of(parts));
    }

    /** All of the constraints hold ({@link #any()} parts are dropped). */
    public static Constraint and(List<Constraint> parts) {
        List<Constraint> flat = new ArrayList<>();
        for (Constraint p : nonEmptyList(parts, "and")) {
            if (p instanceof Terms.And) {
                flat.addAll(((Terms.And) p).parts());
            } else if (!(p instanceof Terms.Any)) {
                flat.add(p);
            }
        }
        if (flat.isEmpty()) {
            return any();
        }
        return flat.size() == 1 ? flat.get(0) : new Terms.And(List.copyOf(flat));
    }

    /** At least one of the constraints holds. Stop phrases and token lengths cannot appear under {@code or}. */
    public static Constraint or(Constraint... parts) {
        return or(List.of(parts));
    }

    /** At least one of the constraints holds. Stop phrases and token lengths cannot appear under {@code or}. */
    public static Constraint or(List<Constraint> parts) {
        List<Constraint> list = nonEmptyList(parts, "or");
        return list.size() == 1 ? list.get(0) : new Terms.Or(List.copyOf(list));
    }

    /**
     * The constraint does not hold (among well-formed UTF-8 values). Stop phrases and token lengths cannot appear
     * under {@code not}.
     */
    public static Constraint not(Constraint inner) {
        return new Terms.Not(Objects.requireNonNull(inner, "inner"));
    }

    private static List<Constraint> nonEmptyList(List<Constraint> parts, String what) {
        Objects.requireNonNull(parts, what);
        if (parts.isEmpty()) {
            throw new IllegalArgumentException(what + "(...) needs at least one constraint");
        }
        for (Constraint p : parts) {
            Objects.requireNonNull(p, "a constraint passed to " + what + "(...) is null");
        }
        return parts;
    }

    private static String nonEmpty(String text, String what) {
        Objects.requireNonNull(text, what);
        if (text.isEmpty()) {
            throw new IllegalArgumentException(what + "(\"\") needs a non-empty phrase");
        }
        return text;
    }

    private static void checkBounds(String what, int min, int max) {
        if (min < 0 || max < min) {
            throw new IllegalArgumentException(what + "(" + min + ", " + max
                    + ") needs 0 <= min <= max (use Constraints.UNBOUNDED for no upper bound)");
        }
    }
}
