package dev.lmql.backend.local;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Splits index ranges over a fixed pool of {@code threads - 1} daemon workers plus the calling thread. Small jobs
 * run inline: waking a worker costs more than a tiny matrix-vector product.
 */
final class ParallelRunner implements AutoCloseable {
    /** Below this many multiply-adds a job runs on the caller's thread. */
    static final long MIN_PARALLEL_WORK = 1 << 15;

    /** The body of a parallel loop over {@code [start, end)}. */
    interface RangeTask {
        void run(int start, int end);
    }

    private final int threads;
    private final ExecutorService pool;

    ParallelRunner(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "lmql-local-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.pool = threads > 1 ? Executors.newFixedThreadPool(threads - 1, factory) : null;
    }

    int threads() {
        return threads;
    }

    /**
     * Runs {@code task} over {@code [0, n)} split into contiguous chunks, one per thread, when {@code work}
     * (the job's multiply-add count) is large enough to pay for the hand-off.
     */
    void forRange(int n, long work, RangeTask task) {
        int parts = pool == null || work < MIN_PARALLEL_WORK ? 1 : Math.min(threads, n);
        if (parts <= 1) {
            task.run(0, n);
            return;
        }
        @SuppressWarnings("unchecked")
        Future<?>[] futures = new Future<?>[parts - 1];
        for (int p = 1; p < parts; p++) {
            int start = (int) ((long) n * p / parts);
            int end = (int) ((long) n * (p + 1) / parts);
            futures[p - 1] = pool.submit(() -> task.run(start, end));
        }
        RuntimeException failure = null;
        try {
            task.run(0, (int) ((long) n / parts));
        } catch (RuntimeException e) {
            failure = e;
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted during a forward pass", e);
            } catch (java.util.concurrent.ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException ? (RuntimeException) e.getCause()
                            : new IllegalStateException(e.getCause());
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
