package dev.lmql;

import dev.lmql.backend.FinishReason;
import java.math.BigInteger;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The result of one query run: the final prompt, the hole values, and — with a distribution clause — the
 * distribution over the last hole's values.
 *
 * @param prompt               the final prompt, exactly as the model saw it
 * @param variables            hole values in hole order: Long (BigInteger when too large), Double, Boolean or String
 * @param distributionVariable the distribution clause's variable, or null
 * @param distribution         the distribution clause's result, or null
 * @param logprob              summed log-probability of the generated tokens
 * @param finishReasons        why each generated hole ended
 */
public record QueryResult(String prompt, Map<String, Object> variables, String distributionVariable,
        Distribution<String> distribution, double logprob, Map<String, FinishReason> finishReasons) {

    public QueryResult {
        variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
        finishReasons = Collections.unmodifiableMap(new LinkedHashMap<>(finishReasons));
    }

    /**
     * A variable's value.
     *
     * @throws IllegalArgumentException when the query has no such variable
     */
    public Object get(String name) {
        if (!variables.containsKey(name)) {
            throw new IllegalArgumentException("the query has no variable " + name + "; variables: "
                    + variables.keySet());
        }
        return variables.get(name);
    }

    /** A variable's value as text. */
    public String getString(String name) {
        return String.valueOf(get(name));
    }

    /**
     * A variable's value as a long ({@code [X: int]}, {@code INT(X)}, or text that parses as an integer).
     *
     * @throws IllegalStateException when the value is not an integer or does not fit in a long
     */
    public long getLong(String name) {
        Object v = get(name);
        if (v instanceof Long || v instanceof Integer) {
            return ((Number) v).longValue();
        }
        try {
            return new BigInteger(String.valueOf(v).strip()).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalStateException("variable " + name + " is \"" + v + "\", not an integer that fits in a "
                    + "long (constrain it with INT(" + name + ") and a length bound)", e);
        }
    }

    /**
     * A variable's value as a double.
     *
     * @throws IllegalStateException when the value is not a number
     */
    public double getDouble(String name) {
        Object v = get(name);
        if (v instanceof Number) {
            return ((Number) v).doubleValue();
        }
        try {
            return Double.parseDouble(String.valueOf(v).strip());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("variable " + name + " is \"" + v + "\", not a number (constrain it "
                    + "with FLOAT(" + name + ") or [" + name + ": float])", e);
        }
    }

    /**
     * A variable's value as a boolean ({@code true}/{@code false}, case-insensitive).
     *
     * @throws IllegalStateException for any other value
     */
    public boolean getBoolean(String name) {
        Object v = get(name);
        if (v instanceof Boolean) {
            return (Boolean) v;
        }
        String s = String.valueOf(v).strip();
        if (s.equalsIgnoreCase("true")) {
            return true;
        }
        if (s.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalStateException("variable " + name + " is \"" + v + "\", not true or false (use [" + name
                + ": bool] or " + name + " in [\"true\", \"false\"])");
    }

    /** The certificate form LMQL records: {@code {prompt, variables, distribution_variable?, distribution_values?}}. */
    public Map<String, Object> toCertificateMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("prompt", prompt);
        Map<String, Object> vars = new LinkedHashMap<>();
        variables.forEach((k, v) -> vars.put(k, v instanceof BigInteger ? v.toString() : v));
        m.put("variables", vars);
        if (distribution != null) {
            m.put("distribution_variable", distributionVariable);
            java.util.List<Object> values = new java.util.ArrayList<>();
            for (Distribution.Entry<String> e : distribution.entries()) {
                values.add(java.util.List.of(e.value(), e.probability()));
            }
            m.put("distribution_values", values);
        }
        return m;
    }
}
