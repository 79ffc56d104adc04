package dev.lmql.backend;

import dev.lmql.constraint.ConstraintState;

/**
 * A {@link LogitsModel} whose next-token distribution depends on which tokens the constraint allows (the
 * {@code random} model is uniform over the allowed tokens). {@link MaskedDecoder} and token-level decoders ask
 * such a model directly instead of masking {@link LogitsModel#nextLogprobs(int[])} themselves.
 */
public interface MaskAwareModel extends LogitsModel {

    /**
     * The log-probabilities of the next token after {@code context} given the constraint state, already
     * restricted to the allowed tokens (plus EOS when the state allows it) and normalised;
     * {@code Float.NEGATIVE_INFINITY} for every other id.
     */
    float[] maskedLogprobs(int[] context, ConstraintState state);
}
