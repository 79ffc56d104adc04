package dev.lmql.backend.openai;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import okhttp3.Call;

/**
 * All HTTP calls and pending retry timers of one generate/score call, so that cancelling the future returned to
 * the user cancels whatever is in flight (CompletableFuture cancellation does not propagate by itself).
 */
final class CallScope {
    private volatile boolean cancelled;
    private final Set<Call> calls = ConcurrentHashMap.newKeySet();
    private final Set<Future<?>> timers = ConcurrentHashMap.newKeySet();

    /** A scope that is cancelled when {@code future} is. */
    static CallScope cancelledWith(CompletableFuture<?> future) {
        CallScope scope = new CallScope();
        future.whenComplete((r, t) -> {
            if (future.isCancelled()) {
                scope.cancel();
            }
        });
        return scope;
    }

    boolean isCancelled() {
        return cancelled;
    }

    /** Tracks the call; cancels it at once if the scope already is. */
    void register(Call call) {
        calls.add(call);
        if (cancelled) {
            call.cancel();
        }
    }

    void unregister(Call call) {
        calls.remove(call);
    }

    void register(Future<?> timer) {
        timers.add(timer);
        if (cancelled) {
            timer.cancel(false);
        }
    }

    void unregister(Future<?> timer) {
        timers.remove(timer);
    }

    void cancel() {
        cancelled = true;
        calls.forEach(Call::cancel);
        timers.forEach(t -> t.cancel(false));
    }
}
