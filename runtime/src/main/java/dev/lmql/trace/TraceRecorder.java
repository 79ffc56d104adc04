package dev.lmql.trace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A node of the tracer tree: records events in the order they arrive, holds child recorders (one per query or
 * nested scope) and per-backend metrics that include every descendant's. Thread-safe: any number of threads may
 * record into one recorder and its children at once.
 *
 * <p>Events are redacted (see {@link Redaction}) before they are stored.
 */
public final class TraceRecorder implements Tracer {
    private final String name;
    private final TraceRecorder parent;
    private final List<CertificateEvent> events = new ArrayList<>();
    /** Per event, the redaction generation it was redacted with. */
    private final List<Long> redactedWith = new ArrayList<>();
    private final List<TraceRecorder> children = new ArrayList<>();
    private final Map<String, BackendMetrics> metrics = new LinkedHashMap<>();

    private TraceRecorder(String name, TraceRecorder parent) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a trace needs a non-blank name, e.g. the query method's name");
        }
        this.name = name;
        this.parent = parent;
    }

    /** A new top-level recorder. */
    public static TraceRecorder root(String name) {
        return new TraceRecorder(name, null);
    }

    /** A new child recorder; its certificate becomes one of this recorder's {@code children}. */
    public TraceRecorder child(String childName) {
        TraceRecorder child = new TraceRecorder(childName, this);
        synchronized (this) {
            children.add(child);
        }
        return child;
    }

    public String name() {
        return name;
    }

    /** The enclosing recorder, if this is a child. */
    public Optional<TraceRecorder> parent() {
        return Optional.ofNullable(parent);
    }

    @Override
    public void event(String eventName, Map<String, Object> data) {
        Objects.requireNonNull(eventName, "eventName");
        record(eventName, data);
    }

    /**
     * Records an event whose data is any JSON-compatible value (e.g. the list of results of
     * {@code lmql.LMQLResult}).
     */
    public void record(String eventName, Object data) {
        Redactor redactor = Redaction.current();
        CertificateEvent event = new CertificateEvent(redactor.scrub(eventName),
                redactor.redact(JsonValues.toNode(data)));
        synchronized (this) {
            events.add(event);
            redactedWith.add(redactor.generation());
        }
    }

    /** Redacts again the events recorded before a redact key or secret was added. Call holding the lock. */
    private void redactStaleEvents() {
        long now = Redaction.generation();
        Redactor redactor = null;
        for (int i = 0; i < events.size(); i++) {
            if (redactedWith.get(i) < now) {
                if (redactor == null) {
                    redactor = Redaction.current();
                }
                events.set(i, redactor.redact(events.get(i)));
                redactedWith.set(i, redactor.generation());
            }
        }
    }

    /** Adds to this recorder's metrics and to every ancestor's (LMQL aggregates metrics into parents). */
    @Override
    public void addMetrics(String backend, long requests, long batchSize, long tokens) {
        Objects.requireNonNull(backend, "backend");
        BackendMetrics delta = new BackendMetrics(requests, batchSize, tokens);
        for (TraceRecorder r = this; r != null; r = r.parent) {
            synchronized (r) {
                r.metrics.merge(backend, delta, BackendMetrics::plus);
            }
        }
    }

    /** A snapshot of the events recorded so far. */
    public synchronized List<CertificateEvent> events() {
        redactStaleEvents();
        return List.copyOf(events);
    }

    /** A snapshot of the metrics so far, including descendants'. */
    public synchronized Map<String, BackendMetrics> metrics() {
        return Map.copyOf(metrics);
    }

    /** The certificate of everything recorded so far, as a top-level certificate (with type, version, time). */
    public InferenceCertificate certificate() {
        return snapshot(true);
    }

    InferenceCertificate snapshot(boolean root) {
        List<CertificateEvent> eventCopy;
        List<TraceRecorder> childCopy;
        Map<String, BackendMetrics> metricCopy;
        synchronized (this) {
            redactStaleEvents();
            eventCopy = List.copyOf(events);
            childCopy = List.copyOf(children);
            metricCopy = new LinkedHashMap<>(metrics);
        }
        List<InferenceCertificate> childCertificates = new ArrayList<>(childCopy.size());
        for (TraceRecorder child : childCopy) {
            childCertificates.add(child.snapshot(false));
        }
        if (root) {
            return InferenceCertificate.root(name, eventCopy, childCertificates, metricCopy);
        }
        return InferenceCertificate.child(name, eventCopy, childCertificates, metricCopy);
    }

    @Override
    public String toString() {
        return "TraceRecorder[" + name + "]";
    }
}
