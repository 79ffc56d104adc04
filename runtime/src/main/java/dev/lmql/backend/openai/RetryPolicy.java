package dev.lmql.backend.openai;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When and how long to wait before retrying a failed request: exponential backoff with jitter, bounded both by a
 * number of retries and by a total time budget, honouring the server's {@code Retry-After}.
 *
 * @param maxRetries   retries after the first attempt
 * @param initialDelay wait before the first retry (before jitter)
 * @param maxDelay     cap of one wait
 * @param budget       cap of the total time spent waiting across all retries of one request
 */
record RetryPolicy(int maxRetries, Duration initialDelay, Duration maxDelay, Duration budget) {

    static final RetryPolicy DEFAULT = new RetryPolicy(6, Duration.ofMillis(500), Duration.ofSeconds(30),
            Duration.ofSeconds(120));

    RetryPolicy {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("option 'max_retries' must be >= 0, got " + maxRetries);
        }
        if (initialDelay.isNegative() || maxDelay.isNegative() || budget.isNegative()) {
            throw new IllegalArgumentException("retry delays and budget must be >= 0");
        }
    }

    /**
     * The wait before retry number {@code retry} (1-based), or -1 when no retry is left: out of retries, or the
     * wait (the server's Retry-After when longer than the backoff) would exceed the remaining budget.
     *
     * @param retryAfterMillis the server's requested wait, or -1
     * @param waitedMillis     total already waited for this request
     */
    long delayMillis(int retry, long retryAfterMillis, long waitedMillis) {
        if (retry > maxRetries) {
            return -1;
        }
        long base = initialDelay.toMillis() << Math.min(retry - 1, 20);
        long capped = Math.min(base, maxDelay.toMillis());
        // "equal jitter": half fixed, half random, so concurrent clients spread out but still back off.
        long delay = capped / 2 + (capped > 1 ? ThreadLocalRandom.current().nextLong(capped / 2 + 1) : 0);
        if (retryAfterMillis >= 0) {
            delay = Math.max(delay, retryAfterMillis);
        }
        return waitedMillis + delay > budget.toMillis() ? -1 : delay;
    }
}
