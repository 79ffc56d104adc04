package dev.lmql.trace;

import java.util.Map;

/**
 * Receives what happens during a query: one event per model call, and metrics per backend. Implementations
 * are thread-safe. Backends call it; they never see certificates.
 */
public interface Tracer {

    /** A tracer that records nothing. */
    Tracer NONE = new Tracer() {
        @Override
        public void event(String name, Map<String, Object> data) {
        }

        @Override
        public void addMetrics(String backend, long requests, long batchSize, long tokens) {
        }
    };

    /**
     * Records an event, e.g. {@code local.Generation} or {@code openai.Completion}. {@code data} holds
     * JSON-compatible values (String, Number, Boolean, List, Map, int[]); the tracer redacts secrets.
     */
    void event(String name, Map<String, Object> data);

    /** Adds to the per-backend metrics ({@code requests}, {@code batch_size}, {@code tokens}). */
    void addMetrics(String backend, long requests, long batchSize, long tokens);
}
