package dev.lmql.backend;

/**
 * Decoding parameters of one request. {@code temperature == 0} means greedy (argmax).
 *
 * @param n number of independent sequences to return
 */
public record SamplingParams(double temperature, Double topP, Integer topK, Long seed, int n) {

    public static final SamplingParams ARGMAX = new SamplingParams(0.0, null, null, null, 1);

    public SamplingParams {
        if (temperature < 0) {
            throw new IllegalArgumentException("temperature must be >= 0, got " + temperature);
        }
        if (n < 1) {
            throw new IllegalArgumentException("n must be >= 1, got " + n);
        }
    }

    public boolean greedy() {
        return temperature == 0.0;
    }
}
