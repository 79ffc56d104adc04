package dev.lmql.backend;

/**
 * One continuation produced by a backend.
 *
 * @param tokens       the generated token ids (without EOS)
 * @param logprobs     the log-probability of each token under the (masked) distribution it was drawn from
 * @param text         the decoded text of {@code tokens} (raw: before constraint post-processing)
 * @param finishReason why generation ended
 * @param strategy     how the constraint was enforced, e.g. {@code token-mask}, {@code logit-bias},
 *                     {@code speculative}, {@code json-schema}, {@code validate-retry}
 */
public record GeneratedSequence(int[] tokens, float[] logprobs, String text, FinishReason finishReason,
        String strategy) {

    public double sumLogprob() {
        double s = 0;
        for (float f : logprobs) {
            s += f;
        }
        return s;
    }
}
