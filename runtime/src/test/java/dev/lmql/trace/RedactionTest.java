package dev.lmql.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lmql.testing.TestSecrets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RedactionTest {

    @BeforeAll
    static void registerTheTestSecrets() {
        // what the OpenAI backend does with the key it is configured with
        Redaction.addSecretValues(TestSecrets.OPENAI_API_KEY, TestSecrets.OTHER_API_KEY);
    }

    @Test
    void removesTheDefaultKeysWhateverTheirCase() {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("authorization", "Bearer abc");
        headers.put("API-KEY", "azure-123");
        headers.put("OpenAI-Organization", "org-1");
        headers.put("openai-project", "proj-1");
        headers.put("X-Api-Key", "k");
        headers.put("Content-Type", "application/json");

        JsonNode recorded = record(Map.of("headers", headers));

        assertThat(recorded.get("headers").toString()).isEqualTo("{\"authorization\":\"<removed>\","
                + "\"API-KEY\":\"<removed>\",\"OpenAI-Organization\":\"<removed>\",\"openai-project\":\"<removed>\","
                + "\"X-Api-Key\":\"<removed>\",\"Content-Type\":\"application/json\"}");
    }

    @Test
    void removesKeysAtAnyDepthAndWhateverTheValueIs() {
        Map<String, Object> inner = Map.of("Authorization", Map.of("scheme", "Bearer", "token", "t"));
        JsonNode recorded = record(Map.of("calls", List.of(Map.of("request", inner))));

        assertThat(recorded.at("/calls/0/request/Authorization").asText()).isEqualTo(Redaction.REMOVED);
    }

    @Test
    void neverWipesValuesThatMerelyMentionAKey() {
        String prompt = "Explain the Authorization header and what an api-key is.";
        JsonNode recorded = record(Map.of("prompt", prompt, "notes", List.of("x-api-key", "OpenAI-Organization")));

        assertThat(recorded.get("prompt").asText()).isEqualTo(prompt);
        assertThat(recorded.get("notes").toString()).isEqualTo("[\"x-api-key\",\"OpenAI-Organization\"]");
    }

    @Test
    void removesSecretValuesWhereverTheyOccur() {
        String key = TestSecrets.OPENAI_API_KEY;
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("url", "https://example.test/v1?key=" + key + "&x=1");
        data.put("list", List.of("prefix " + key + " suffix", 42));
        data.put("Header-" + key, "value");
        data.put("error", Map.of("body", "{\"error\": \"invalid key " + TestSecrets.OTHER_API_KEY + "\"}"));

        TraceRecorder recorder = TraceRecorder.root("secrets");
        recorder.event("openai.Completion." + key, data);
        String json = recorder.certificate().toJson();

        assertThat(json).doesNotContain(key).doesNotContain(TestSecrets.OTHER_API_KEY)
                .doesNotContain(TestSecrets.MARKER);
        JsonNode recorded = recorder.events().get(0).data();
        assertThat(recorded.get("url").asText()).isEqualTo("https://example.test/v1?key=<removed>&x=1");
        assertThat(recorded.at("/list/0").asText()).isEqualTo("prefix <removed> suffix");
        assertThat(recorded.at("/list/1").asInt()).isEqualTo(42);
        assertThat(recorded.has("Header-<removed>")).isTrue();
        assertThat(recorder.events().get(0).name()).isEqualTo("openai.Completion.<removed>");
    }

    @Test
    void extraKeysAreRemovedFromThenOnCaseInsensitively() {
        JsonNode before = record(Map.of("X-Redaction-Test-Token", "visible"));
        Redaction.addExtraRedactKeys("x-redaction-test-token");
        JsonNode after = record(Map.of("X-Redaction-Test-Token", "hidden", "other", "kept"));

        assertThat(before.get("X-Redaction-Test-Token").asText()).isEqualTo("visible");
        assertThat(after.get("X-Redaction-Test-Token").asText()).isEqualTo(Redaction.REMOVED);
        assertThat(after.get("other").asText()).isEqualTo("kept");
        assertThat(Redaction.redactKeys()).startsWith("Authorization", "api-key", "OpenAI-Organization",
                "OpenAI-Project", "x-api-key").contains("x-redaction-test-token");
    }

    @Test
    void redactsWhenRecordingSoHeldEventsNeverContainSecrets() {
        TraceRecorder recorder = TraceRecorder.root("held");
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("Authorization", "Bearer " + TestSecrets.OPENAI_API_KEY);
        recorder.event("openai.Completion", data);

        assertThat(recorder.events().get(0).data().toString()).doesNotContain(TestSecrets.OPENAI_API_KEY);
        assertThat(data.get("Authorization")).asString().contains(TestSecrets.OPENAI_API_KEY);
    }

    @Test
    void eventsRecordedBeforeASecretWasRegisteredAreRedactedBeforeAnyCertificateIsMade() {
        String lateSecret = "late-registered-credential-7f3a";
        TraceRecorder recorder = TraceRecorder.root("late");
        recorder.event("lmql.Query", Map.of("model_options", Map.of("organization", lateSecret)));
        TraceRecorder child = recorder.child("call");
        child.event("x.generate", Map.of("X-Late-Header-Key", "v"));

        Redaction.addSecretValues(lateSecret); // as a backend does when it is created, after the query was recorded
        Redaction.addExtraRedactKeys("X-Late-Header-Key");

        assertThat(recorder.certificate().toJson()).doesNotContain(lateSecret).doesNotContain("\"v\"");
        assertThat(recorder.events().get(0).data().toString()).doesNotContain(lateSecret);
        assertThat(child.events().get(0).data().get("X-Late-Header-Key").asText()).isEqualTo(Redaction.REMOVED);
    }

    @Test
    void rejectsSecretsTooShortToRedactAndBlankKeys() {
        assertThatThrownBy(() -> Redaction.addSecretValues("ab"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 4 characters");
        assertThatThrownBy(() -> Redaction.addExtraRedactKeys(" "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-blank");
    }

    private static JsonNode record(Map<String, Object> data) {
        TraceRecorder recorder = TraceRecorder.root("redaction");
        recorder.event("test.event", data);
        return recorder.events().get(0).data();
    }
}
