package dev.lmql;

import dev.lmql.trace.CertificateSink;
import dev.lmql.trace.CertificateTarget;
import dev.lmql.trace.TracedCall;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;

/** Helpers shared by the facade: running traced work asynchronously and unwrapping its failures. */
final class Calls {
    private Calls() {
    }

    /**
     * Runs {@code work} on the executor inside a call traced as {@code name} (begun on the caller's thread, so it
     * joins the caller's {@code Lmql.traced} scope), records the results and delivers the certificate.
     */
    static <T> CompletableFuture<T> traced(String name, CertificateSink sink, Map<String, Object> description,
            Executor executor, Function<TracedCall, T> work, Function<T, List<? extends Map<String, ?>>> results) {
        TracedCall call;
        try {
            call = TracedCall.begin(name, sink);
            call.recordQuery(description);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        Supplier<T> task = () -> {
            T value = work.apply(call);
            List<? extends Map<String, ?>> r = results.apply(value);
            if (r != null) {
                call.recordResults(r);
            }
            call.finish();
            return value;
        };
        return CompletableFuture.supplyAsync(task, executor);
    }

    /** The sink for a {@code certificate} option value ({@code true}, a path, a consumer, a sink, or null). */
    static CertificateSink sink(Object option, String method) {
        Optional<CertificateSink> s = CertificateTarget.sink(option, method);
        return s.orElse(null);
    }

    /** Both sinks (either may be null). */
    static CertificateSink both(CertificateSink a, CertificateSink b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return c -> {
            a.accept(c);
            b.accept(c);
        };
    }

    /** Waits for the future, rethrowing the original exception of the work instead of a wrapper. */
    static <T> T join(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the model", e);
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        }
    }

    static RuntimeException unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof RuntimeException) {
            return (RuntimeException) t;
        }
        if (t instanceof Error) {
            throw (Error) t;
        }
        return new IllegalStateException(t.getMessage(), t);
    }
}
