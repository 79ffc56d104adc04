package dev.lmql.backend.openai;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * A non-blocking semaphore: limits how many requests of one model are in flight without parking threads.
 * Waiters are served in arrival order; a waiter whose future was cancelled is skipped.
 */
final class AsyncPermits {
    private final ArrayDeque<CompletableFuture<Void>> waiters = new ArrayDeque<>();
    private int available;

    AsyncPermits(int permits) {
        this.available = permits;
    }

    /** Completes when a permit is held; the caller must {@link #release()} exactly once afterwards. */
    CompletableFuture<Void> acquire() {
        synchronized (this) {
            if (available > 0) {
                available--;
                return CompletableFuture.completedFuture(null);
            }
            CompletableFuture<Void> f = new CompletableFuture<>();
            waiters.add(f);
            return f;
        }
    }

    void release() {
        CompletableFuture<Void> next;
        synchronized (this) {
            while (true) {
                next = waiters.poll();
                if (next == null) {
                    available++;
                    return;
                }
                if (!next.isDone()) {
                    break;
                }
            }
        }
        if (!next.complete(null)) {
            release(); // cancelled between poll and complete: pass the permit on
        }
    }

    synchronized int available() {
        return available;
    }
}
