package dev.lmql.trace;

import java.util.Optional;

/**
 * A named tracing scope, opened by {@code Lmql.traced(name)} / {@link TraceContext#open(String)} and closed with
 * try-with-resources. Every call made inside — on this thread or on threads it starts — records into the scope's
 * recorder; scopes opened inside become children. The certificate stays available after closing.
 */
public final class TraceScope implements AutoCloseable {
    private static final TraceScope UNTRACED = new TraceScope(null, null);

    private final TraceRecorder recorder;
    private final TraceScope enclosing;
    private volatile boolean closed;

    TraceScope(TraceRecorder recorder, TraceScope enclosing) {
        this.recorder = recorder;
        this.enclosing = enclosing;
    }

    /** A scope that records nothing; its certificate is LMQL's warning certificate. */
    public static TraceScope untraced() {
        return UNTRACED;
    }

    /** The scope's name ({@code ""} for the untraced scope). */
    public String name() {
        return recorder == null ? "" : recorder.name();
    }

    /** The recorder, unless this is the untraced scope. */
    public Optional<TraceRecorder> recorder() {
        return Optional.ofNullable(recorder);
    }

    /** Where calls in this scope record: the recorder, or {@link Tracer#NONE}. */
    public Tracer tracer() {
        return recorder == null ? Tracer.NONE : recorder;
    }

    /** Everything recorded in the scope so far (LMQL's {@code lmql.certificate(t)}). */
    public InferenceCertificate certificate() {
        return recorder == null ? InferenceCertificate.untraced() : recorder.certificate();
    }

    public boolean isOpen() {
        return recorder != null && !closed;
    }

    TraceScope enclosing() {
        return enclosing;
    }

    /** Ends the scope: calls made afterwards no longer record into it. Idempotent. */
    @Override
    public void close() {
        if (recorder == null) {
            return;
        }
        closed = true;
        TraceContext.closed(this);
    }

    @Override
    public String toString() {
        return recorder == null ? "TraceScope[untraced]" : "TraceScope[" + recorder.name() + (closed ? ", closed]" : "]");
    }
}
