package dev.lmql.decode;

import dev.lmql.backend.FinishReason;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One result of running a query.
 *
 * @param prompt               the final prompt (as a completion model sees it)
 * @param promptTokens         the final prompt's token ids
 * @param variables            hole values in hole order (Long / BigInteger, Double, Boolean or String)
 * @param distributionVariable the distribution clause's variable, or null
 * @param distribution         value → probability, most likely first, or null without a distribution clause
 * @param logprob              summed log-probability of the generated tokens
 * @param finishReasons        why each generated hole ended
 */
public record QueryOutcome(String prompt, int[] promptTokens, Map<String, Object> variables,
        String distributionVariable, Map<String, Double> distribution, double logprob,
        Map<String, FinishReason> finishReasons) {

    public QueryOutcome {
        variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
        distribution = distribution == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(distribution));
        finishReasons = Collections.unmodifiableMap(new LinkedHashMap<>(finishReasons));
        promptTokens = promptTokens.clone();
    }
}
