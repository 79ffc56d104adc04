package dev.lmql.trace;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The tracing of one query or {@code generate}/{@code score} call, for the facade and the interpreter: decides
 * where the call records and delivers its certificate.
 *
 * <ul>
 *   <li>inside an open scope (or given a parent {@link TraceRecorder}) the call records into a new child named
 *       after it;</li>
 *   <li>otherwise, when a certificate was asked for, into a new top-level recorder;</li>
 *   <li>otherwise nothing is recorded ({@link Tracer#NONE}).</li>
 * </ul>
 * Thread-safe as far as the recorder is; {@link #finish()} is called once, after the results are recorded.
 */
public final class TracedCall {
    private final TraceRecorder recorder;
    private final CertificateSink sink;

    private TracedCall(TraceRecorder recorder, CertificateSink sink) {
        this.recorder = recorder;
        this.sink = sink;
    }

    /**
     * Starts tracing a call in the current scope of this thread.
     *
     * @param name the call's name (query method name, {@code lmql.generate}, ...)
     * @param sink where the call's own certificate goes, or null when none was asked for
     */
    public static TracedCall begin(String name, CertificateSink sink) {
        return begin(name, TraceContext.current().orElse(null), sink);
    }

    /**
     * Starts tracing a call under an explicit parent (e.g. the tracer a caller handed over), which wins over the
     * current scope.
     *
     * @param parent the parent tracer; a {@link TraceRecorder} gets a child, anything else is ignored
     */
    public static TracedCall begin(String name, Tracer parent, CertificateSink sink) {
        Objects.requireNonNull(name, "name");
        if (parent instanceof TraceRecorder) {
            return new TracedCall(((TraceRecorder) parent).child(name), sink);
        }
        if (sink != null) {
            return new TracedCall(TraceRecorder.root(name), sink);
        }
        return new TracedCall(null, null);
    }

    /** Whether anything is recorded. */
    public boolean isTraced() {
        return recorder != null;
    }

    /** The tracer to pass in every request of this call. */
    public Tracer tracer() {
        return recorder == null ? Tracer.NONE : recorder;
    }

    /** The recorder, when traced. */
    public Optional<TraceRecorder> recorder() {
        return Optional.ofNullable(recorder);
    }

    /**
     * Records what runs, so {@code Lmql.replay} can run it again: {@code template, where, decoder, distribution,
     * model, arguments} for a query; {@code prompt, max_tokens, options, model} for {@code generate}.
     */
    public void recordQuery(Map<String, Object> description) {
        if (recorder != null) {
            recorder.record(TraceEvents.QUERY, description);
        }
    }

    /**
     * Records the results: one {@code {prompt, variables, distribution_variable?, distribution_values?}} map per
     * result (LMQL leaves out {@code null} entries; so should callers).
     */
    public void recordResults(List<? extends Map<String, ?>> results) {
        if (recorder != null) {
            recorder.record(TraceEvents.RESULT, results);
        }
    }

    /** Delivers the call's certificate to its sink, if one was asked for; returns it. */
    public Optional<InferenceCertificate> finish() {
        if (recorder == null || sink == null) {
            return Optional.empty();
        }
        InferenceCertificate certificate = recorder.certificate();
        sink.accept(certificate);
        return Optional.of(certificate);
    }
}
