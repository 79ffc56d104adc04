package dev.lmql.backend.openai;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;

/**
 * Cancels a call that stays silent too long: {@code firstByte} until the response starts, then
 * {@code betweenEvents} between two reads. Re-arms itself at most every {@code betweenEvents}, so a fast stream
 * costs one volatile write per event and no timer churn.
 */
final class Watchdog implements Runnable {
    private final Call call;
    private final Timeouts timeouts;
    private final ScheduledExecutorService timer;
    private volatile long lastActivity = System.nanoTime();
    private volatile boolean started;
    private volatile boolean stopped;
    private volatile boolean fired;

    Watchdog(Call call, Timeouts timeouts, ScheduledExecutorService timer) {
        this.call = call;
        this.timeouts = timeouts;
        this.timer = timer;
        timer.schedule(this, checkInterval(timeouts.firstByte().toNanos()), TimeUnit.NANOSECONDS);
    }

    /** The server said something. */
    void activity() {
        started = true;
        lastActivity = System.nanoTime();
    }

    void stop() {
        stopped = true;
    }

    /** Whether this watchdog cancelled the call. */
    boolean fired() {
        return fired;
    }

    /** The limit that was exceeded, for the error message. */
    String describeLimit() {
        return started ? "no stream event for " + timeouts.betweenEvents().toMillis() + " ms (event_timeout_ms)"
                : "no response within " + timeouts.firstByte().toMillis() + " ms (first_byte_timeout_ms)";
    }

    @Override
    public void run() {
        if (stopped) {
            return;
        }
        long limit = (started ? timeouts.betweenEvents() : timeouts.firstByte()).toNanos();
        long idle = System.nanoTime() - lastActivity;
        if (idle >= limit) {
            fired = true;
            call.cancel();
        } else {
            timer.schedule(this, checkInterval(limit - idle), TimeUnit.NANOSECONDS);
        }
    }

    /** Checks at least every betweenEvents, so a stall right after the first byte is caught in time. */
    private long checkInterval(long nanos) {
        return Math.max(1, Math.min(nanos, timeouts.betweenEvents().toNanos()));
    }
}
