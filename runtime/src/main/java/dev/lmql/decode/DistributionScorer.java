package dev.lmql.decode;

import dev.lmql.backend.FinishReason;
import dev.lmql.tokenizer.Tokenizer;
import dev.lmql.trace.Tracer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The distribution clause: scores every value after the prompt (mean log-probability over the value's tokens, as
 * LMQL does), normalises with a softmax, and continues the prompt with the most likely value.
 */
final class DistributionScorer {
    private DistributionScorer() {
    }

    /** value → probability, most likely first (ties keep the values' order). */
    static Map<String, Double> score(ModelCalls calls, Hypothesis h, List<String> values, Tracer tracer) {
        Tokenizer tok = calls.model().tokenizer();
        double[] means = new double[values.size()];
        for (int i = 0; i < values.size(); i++) {
            int[] ids = tok.encode(values.get(i));
            float[] lps = calls.score(h.tokens(), ids, tracer);
            double sum = 0;
            for (float f : lps) {
                sum += f;
            }
            means[i] = ids.length == 0 ? 0.0 : sum / ids.length;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double m : means) {
            max = Math.max(max, m);
        }
        double total = 0;
        double[] p = new double[means.length];
        for (int i = 0; i < means.length; i++) {
            p[i] = Math.exp(means[i] - max);
            total += p[i];
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingDouble((Integer i) -> -p[i]));
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i : order) {
            out.merge(values.get(i), p[i] / total, Double::sum);
        }
        return out;
    }

    /** The hypothesis continued with the most likely value. */
    static Hypothesis apply(Hypothesis h, String variable, Map<String, Double> distribution, Tokenizer tok) {
        String best = distribution.keySet().iterator().next();
        return h.appendValue(variable, best, best, tok.encode(best), 0.0, FinishReason.EOS);
    }
}
