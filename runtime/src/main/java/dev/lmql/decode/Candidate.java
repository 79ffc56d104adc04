package dev.lmql.decode;

import dev.lmql.backend.FinishReason;

/**
 * One way to fill a hole: the generated tokens (raw, before post-processing), their text, summed log-probability
 * and why generation ended.
 */
record Candidate(int[] tokens, String rawText, double logprob, FinishReason finish) {
}
