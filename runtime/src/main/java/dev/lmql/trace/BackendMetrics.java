package dev.lmql.trace;

/**
 * The metrics LMQL records per backend: number of requests, summed batch sizes and tokens processed.
 *
 * @param requests  how many model requests were made
 * @param batchSize the sum of the requests' batch sizes (sequences per request)
 * @param tokens    prompt and generated tokens the backend processed
 */
public record BackendMetrics(long requests, long batchSize, long tokens) {

    /** No requests yet. */
    public static final BackendMetrics ZERO = new BackendMetrics(0, 0, 0);

    public BackendMetrics {
        if (requests < 0 || batchSize < 0 || tokens < 0) {
            throw new IllegalArgumentException("metrics must not be negative, got requests=" + requests
                    + ", batch_size=" + batchSize + ", tokens=" + tokens);
        }
    }

    /** The element-wise sum. */
    public BackendMetrics plus(BackendMetrics other) {
        return new BackendMetrics(requests + other.requests, batchSize + other.batchSize, tokens + other.tokens);
    }
}
