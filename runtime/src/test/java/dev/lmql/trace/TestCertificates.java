package dev.lmql.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lmql.testing.TestSecrets;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builders of realistic traces for the certificate tests. */
final class TestCertificates {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private TestCertificates() {
    }

    /** Where tests write certificate files: under target/, so the secret scan sees them. */
    static Path outputDir() {
        return Path.of("target", "test-certificates").toAbsolutePath();
    }

    static String referenceJson() {
        try (InputStream in = TestCertificates.class.getResourceAsStream("reference-certificate.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode tree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(JsonNode node) {
        return MAPPER.convertValue(node, LinkedHashMap.class);
    }

    /**
     * Records the reference document's query into a recorder the way a backend would, with the real-looking
     * credential the backend sent.
     */
    static TraceRecorder referenceTrace() {
        JsonNode reference = tree(referenceJson());
        TraceRecorder recorder = TraceRecorder.root(reference.get("name").asText());
        Map<String, Object> call = map(reference.at("/events/0/data"));
        @SuppressWarnings("unchecked")
        Map<String, Object> headers = new LinkedHashMap<>((Map<String, Object>) call.get("headers"));
        headers.put("Authorization", "Bearer " + TestSecrets.OPENAI_API_KEY);
        call.put("headers", headers);
        recorder.event("openai.Completion", call);
        recorder.record(TraceEvents.RESULT, MAPPER.convertValue(reference.at("/events/1/data"), List.class));
        recorder.addMetrics("openai", 1, 1, 57);
        return recorder;
    }

    /** One query's worth of events in the library's layout: a query event, one model call, the result. */
    static void recordQuery(TraceRecorder query, String greeting) {
        query.record(TraceEvents.QUERY, Map.of("kind", "query", "template", "Greet:[GREETING]",
                "where", "STOPS_AT(GREETING, \".\")", "decoder", "argmax", "model", "random",
                "arguments", Map.of()));
        ModelCallEvent.generation("random")
                .model(Map.of("backend", "random", "id", "random", "seed", 7))
                .tokenizer("bytes")
                .promptIds(new int[] {71, 114, 101, 101, 116, 58})
                .sampling(0.0, null, null, null, 1)
                .maxTokens(16)
                .constraint("STOPS_AT(GREETING, \".\")")
                .strategy("token-mask")
                .result(bytes(greeting), greeting, "stop")
                .record(query);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("prompt", "Greet:" + greeting);
        result.put("variables", Map.of("GREETING", greeting));
        query.record(TraceEvents.RESULT, List.of(result));
    }

    static int[] bytes(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        int[] out = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = b[i] & 0xff;
        }
        return out;
    }
}
