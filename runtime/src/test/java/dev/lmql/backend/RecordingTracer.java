package dev.lmql.backend;

import dev.lmql.trace.Tracer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** A test tracer that keeps every event. */
public final class RecordingTracer implements Tracer {
    public record Event(String name, Map<String, Object> data) {
    }

    public final List<Event> events = Collections.synchronizedList(new ArrayList<>());
    public long tokens;

    @Override
    public void event(String name, Map<String, Object> data) {
        events.add(new Event(name, data));
    }

    @Override
    public synchronized void addMetrics(String backend, long requests, long batchSize, long tokens) {
        this.tokens += tokens;
    }
}
