package dev.lmql.decode;

import dev.lmql.backend.TokenListener;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Carries a backend's token reports, made on whatever thread the backend runs, to the thread that waits for the
 * call: listeners then run on the query's thread in order, and a slow listener never stalls the backend.
 */
final class TokenRelay implements TokenListener {
    private static final Object END = new Object();
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final TokenListener target;

    private record Report(int sequence, int[] tokens) {
    }

    TokenRelay(TokenListener target) {
        this.target = target;
    }

    @Override
    public void onTokens(int sequence, int[] tokens) {
        queue.add(new Report(sequence, tokens.clone()));
    }

    /**
     * Waits for the call, passing each report to the target as it arrives; when the target throws, the call is
     * cancelled and the exception propagates.
     */
    <T> T await(CompletableFuture<T> call) {
        call.whenComplete((value, error) -> queue.add(END));
        try {
            for (Object o = queue.take(); o != END; o = queue.take()) {
                deliver((Report) o);
            }
            // a backend that reported after completing its call: still in order, still delivered
            for (Object o = queue.poll(); o != null; o = queue.poll()) {
                deliver((Report) o);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.cancel(true);
            throw new CancellationException("interrupted while waiting for the model");
        } catch (RuntimeException | Error e) {
            call.cancel(true);
            throw e;
        }
        return call.join();
    }

    private void deliver(Report r) {
        target.onTokens(r.sequence(), r.tokens());
    }
}
