package dev.lmql.backend;

import dev.lmql.trace.Tracer;
import java.util.Objects;

/** Score {@code continuationTokens} after {@code promptTokens}. */
public record ScoreRequest(int[] promptTokens, int[] continuationTokens, Tracer tracer) {
    public ScoreRequest {
        Objects.requireNonNull(promptTokens, "promptTokens");
        Objects.requireNonNull(continuationTokens, "continuationTokens");
        tracer = tracer == null ? Tracer.NONE : tracer;
    }
}
