package dev.lmql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Scores of several continuation values after one prompt ({@code LLM.score}). Aggregations, as in LMQL:
 * {@code sum} (total log-probability of the value's tokens), {@code mean} (sum / number of value tokens — LMQL
 * divides by prompt + value tokens; we use the value alone, so scores do not depend on the prompt's length) and
 * {@code normalized} (sum / tokens<sup>alpha</sup>, alpha 0.7 by default).
 */
public final class ScoringResult {
    /** LMQL's default length-normalisation exponent. */
    public static final double DEFAULT_ALPHA = 0.7;

    private final String model;
    private final String prompt;
    private final List<String> values;
    private final List<float[]> tokenScores;

    /**
     * @param tokenScores per value, the log-probability of each of its tokens given the prompt and the tokens
     *                    before it
     */
    public ScoringResult(String model, String prompt, List<String> values, List<float[]> tokenScores) {
        if (values.size() != tokenScores.size()) {
            throw new IllegalArgumentException(values.size() + " values but " + tokenScores.size() + " score arrays");
        }
        this.model = model;
        this.prompt = prompt;
        this.values = List.copyOf(values);
        List<float[]> copy = new ArrayList<>();
        for (float[] f : tokenScores) {
            copy.add(f.clone());
        }
        this.tokenScores = List.copyOf(copy);
    }

    /** The model id. */
    public String model() {
        return model;
    }

    public String prompt() {
        return prompt;
    }

    public List<String> values() {
        return values;
    }

    /** Per value, the log-probability of each of its tokens (copies). */
    public List<float[]> tokenScores() {
        List<float[]> out = new ArrayList<>();
        for (float[] f : tokenScores) {
            out.add(f.clone());
        }
        return out;
    }

    /** One score per value: {@code sum}, {@code mean} or {@code normalized} (alpha 0.7). */
    public List<Double> scores(String agg) {
        return scores(agg, DEFAULT_ALPHA);
    }

    /**
     * One score per value.
     *
     * @throws IllegalArgumentException for an unknown aggregation
     */
    public List<Double> scores(String agg, double alpha) {
        List<Double> out = new ArrayList<>();
        for (float[] f : tokenScores) {
            double sum = 0;
            for (float v : f) {
                sum += v;
            }
            int n = Math.max(1, f.length);
            switch (agg) {
                case "sum":
                    out.add(sum);
                    break;
                case "mean":
                    out.add(sum / n);
                    break;
                case "normalized":
                    out.add(sum / Math.pow(n, alpha));
                    break;
                default:
                    throw new IllegalArgumentException("unknown aggregation \"" + agg + "\": use sum, mean or normalized");
            }
        }
        return out;
    }

    /** The log-softmax of {@link #scores(String)} across the values. */
    public List<Double> logprobs(String agg) {
        List<Double> s = scores(agg);
        double max = s.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        double total = 0;
        for (double v : s) {
            total += Math.exp(v - max);
        }
        double norm = max + Math.log(total);
        List<Double> out = new ArrayList<>();
        for (double v : s) {
            out.add(v - norm);
        }
        return out;
    }

    /** The softmax of {@link #scores(String)} across the values. */
    public List<Double> probs(String agg) {
        List<Double> out = new ArrayList<>();
        for (double v : logprobs(agg)) {
            out.add(Math.exp(v));
        }
        return out;
    }

    /** The value with the highest score (the first on ties). */
    public String argmax(String agg) {
        List<Double> s = scores(agg);
        int best = 0;
        for (int i = 1; i < s.size(); i++) {
            if (s.get(i) > s.get(best)) {
                best = i;
            }
        }
        return values.get(best);
    }

    /** The scores as a distribution over the values ({@link #probs(String)}). */
    public Distribution<String> distribution(String agg) {
        java.util.Map<String, Double> m = new java.util.LinkedHashMap<>();
        List<Double> p = probs(agg);
        for (int i = 0; i < values.size(); i++) {
            m.merge(values.get(i), p.get(i), Double::sum);
        }
        return Distribution.of(m);
    }

    /** LMQL's form: {@code lmql.ScoringResult(model='random')} and one {@code -'value': sum} line per value. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("lmql.ScoringResult(model='").append(model).append("')");
        List<Double> s = scores("sum");
        for (int i = 0; i < values.size(); i++) {
            b.append("\n-'").append(values.get(i)).append("': ").append(String.format(Locale.ROOT, "%s", s.get(i)));
        }
        return b.toString();
    }
}
