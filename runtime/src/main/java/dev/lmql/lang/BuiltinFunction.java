package dev.lmql.lang;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The functions a where clause may call, with the arguments each expects. */
public enum BuiltinFunction {
    /** {@code len(X)}, {@code len(TOKENS(X))}, {@code len(WORDS(X))}: a length in characters, tokens or words. */
    LEN("len", "a hole, TOKENS(hole) or WORDS(hole)"),
    /** {@code TOKENS(X)}: the tokens of a hole, only inside {@code len(...)}. */
    TOKENS("TOKENS", "a hole"),
    /** {@code WORDS(X)}: the words of a hole, only inside {@code len(...)}. */
    WORDS("WORDS", "a hole"),
    /** {@code STOPS_AT(X, "s")}: ends the hole after the phrase, keeping it. */
    STOPS_AT("STOPS_AT", "a hole and a stop phrase"),
    /** {@code STOPS_BEFORE(X, "s")}: ends the hole at the phrase, dropping it. */
    STOPS_BEFORE("STOPS_BEFORE", "a hole and a stop phrase"),
    /** {@code INT(X)}: the hole is an integer. */
    INT("INT", "a hole"),
    /** {@code FLOAT(X)}: the hole is a decimal number. */
    FLOAT("FLOAT", "a hole"),
    /** {@code REGEX(X, r"...")}: the hole matches the regular expression. */
    REGEX("REGEX", "a hole and a regular expression string"),
    /** {@code STARTS_WITH(X, "s")}: the hole starts with the prefix. */
    STARTS_WITH("STARTS_WITH", "a hole and a prefix string");

    private final String functionName;
    private final String expects;

    BuiltinFunction(String functionName, String expects) {
        this.functionName = functionName;
        this.expects = expects;
    }

    /** The name as written in where clauses, e.g. {@code STOPS_AT} or {@code len}. */
    public String functionName() {
        return functionName;
    }

    /** How many arguments the function takes. */
    public int arity() {
        return expects.contains(" and ") ? 2 : 1;
    }

    /** A description of the expected arguments, used in error messages, e.g. {@code a hole and a stop phrase}. */
    public String expects() {
        return expects;
    }

    /** The built-in for a name; LMQL's lower-case aliases {@code stops_at} and {@code stops_before} are accepted. */
    public static Optional<BuiltinFunction> forName(String name) {
        if (name.equals("stops_at")) {
            return Optional.of(STOPS_AT);
        }
        if (name.equals("stops_before")) {
            return Optional.of(STOPS_BEFORE);
        }
        for (BuiltinFunction function : values()) {
            if (function.functionName.equals(name)) {
                return Optional.of(function);
            }
        }
        return Optional.empty();
    }

    /** All function names in declaration order, for suggestions. */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        for (BuiltinFunction function : values()) {
            names.add(function.functionName);
        }
        return names;
    }
}
