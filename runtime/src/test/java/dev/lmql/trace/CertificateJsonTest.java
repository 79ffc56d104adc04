package dev.lmql.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CertificateJsonTest {

    @Test
    void reproducesTheReferenceCertificatesShape() {
        JsonNode reference = TestCertificates.tree(TestCertificates.referenceJson());
        InferenceCertificate certificate = TestCertificates.referenceTrace().certificate();
        JsonNode ours = TestCertificates.tree(certificate.toJson());

        assertThat(fieldNames(ours)).containsExactly("name", "type", "lmql.version", "time", "events", "metrics");
        assertThat(fieldNames(ours)).isEqualTo(fieldNames(reference));
        assertThat(ours.get("name").asText()).isEqualTo("say_hello");
        assertThat(ours.get("type").asText()).isEqualTo("lmql.InferenceCertificate");
        assertThat(ours.get("lmql.version").asText()).matches("\\S+ \\(build on .+, commit .+\\)");
        assertThat(ours.get("time").asText()).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} [+-]\\d{4}");
        // our environment event comes first; then exactly the reference's events, with the key redacted
        assertThat(ours.at("/events/0/name").asText()).isEqualTo(TraceEvents.ENVIRONMENT);
        assertThat(ours.at("/events/1")).isEqualTo(reference.at("/events/0"));
        assertThat(ours.at("/events/2")).isEqualTo(reference.at("/events/1"));
        assertThat(ours.get("events")).hasSize(3);
        assertThat(ours.get("metrics")).isEqualTo(reference.get("metrics"));
    }

    @Test
    void isIndentedLikeLmqlsPythonJson() {
        String json = TestCertificates.referenceTrace().certificate().toJson();
        assertThat(json).startsWith("{\n    \"name\": \"say_hello\",\n    \"type\": \"lmql.InferenceCertificate\",\n");
        assertThat(json).contains("\n            \"data\": {\n                \"endpoint\": ");
        assertThat(json).endsWith("\n}");
        assertThat(json).doesNotContain("\r").doesNotContain(" : ");
    }

    @Test
    void toStringAndValueOfAreTheJson() {
        InferenceCertificate certificate = TestCertificates.referenceTrace().certificate();
        assertThat(String.valueOf(certificate)).isEqualTo(certificate.toJson());
        assertThat(certificate.toString()).isEqualTo(certificate.toJson());
    }

    @Test
    void childCertificatesHaveNoTypeVersionOrTime() {
        TraceRecorder root = TraceRecorder.root("my-context");
        TestCertificates.recordQuery(root.child("say_hello"), "Hello.");
        TraceRecorder nested = root.child("inner");
        TestCertificates.recordQuery(nested.child("say_hello"), "Hi.");

        JsonNode json = TestCertificates.tree(root.certificate().toJson());

        assertThat(fieldNames(json)).containsExactly("name", "type", "lmql.version", "time", "events", "children",
                "metrics");
        JsonNode child = json.at("/children/0");
        assertThat(fieldNames(child)).containsExactly("name", "events", "metrics");
        assertThat(fieldNames(json.at("/children/1"))).containsExactly("name", "children", "metrics");
        assertThat(fieldNames(json.at("/children/1/children/0"))).containsExactly("name", "events", "metrics");
        assertThat(child.get("events")).extracting(e -> e.get("name").asText())
                .containsExactly(TraceEvents.QUERY, "random.generate", TraceEvents.RESULT);
    }

    @Test
    void metricsAggregateIntoParents() {
        TraceRecorder root = TraceRecorder.root("ctx");
        TraceRecorder a = root.child("a");
        TraceRecorder b = a.child("b");
        b.addMetrics("openai", 1, 2, 30);
        a.addMetrics("openai", 1, 1, 10);
        root.child("c").addMetrics("local", 1, 1, 5);

        InferenceCertificate certificate = root.certificate();

        assertThat(certificate.metrics()).containsEntry("openai", new BackendMetrics(2, 3, 40))
                .containsEntry("local", new BackendMetrics(1, 1, 5));
        assertThat(certificate.children().get(0).metrics()).containsOnlyKeys("openai")
                .containsEntry("openai", new BackendMetrics(2, 3, 40));
        assertThat(certificate.children().get(0).children().get(0).metrics())
                .containsEntry("openai", new BackendMetrics(1, 2, 30));
    }

    @Test
    void parsesItsOwnJsonBackIdentically() {
        TraceRecorder root = TestCertificates.referenceTrace();
        TestCertificates.recordQuery(root.child("q"), "Hello, world.");
        InferenceCertificate certificate = root.certificate();

        InferenceCertificate parsed = InferenceCertificate.parse(certificate.toJson());

        assertThat(parsed.toJson()).isEqualTo(certificate.toJson());
        assertThat(parsed).isEqualTo(certificate);
        assertThat(parsed.children()).hasSize(1);
        assertThat(parsed.children().get(0).isRoot()).isFalse();
        assertThat(parsed.events(TraceEvents.RESULT)).hasSize(1);
        assertThat(parsed.time()).isEqualTo(certificate.time());
    }

    @Test
    void parsesTheReferenceDocumentsCertificate() {
        InferenceCertificate parsed = InferenceCertificate.parse(TestCertificates.referenceJson());

        assertThat(parsed.name()).isEqualTo("say_hello");
        assertThat(parsed.version()).contains("0.999999 (dev) (build on dev, commit dev)");
        assertThat(parsed.metrics()).containsEntry("openai", new BackendMetrics(1, 1, 57));
        assertThat(parsed.toJsonTree()).isEqualTo(TestCertificates.tree(TestCertificates.referenceJson()));
    }

    @Test
    void anUntracedScopeGivesLmqlsWarningCertificate() {
        InferenceCertificate certificate = TraceScope.untraced().certificate();

        JsonNode json = TestCertificates.tree(certificate.toJson());
        assertThat(fieldNames(json)).containsExactly("type", "warning");
        assertThat(json.get("type").asText()).isEqualTo("lmql.InferenceCertificate");
        assertThat(json.get("warning").asText()).startsWith("Untraced query. Make sure to use Lmql.traced()");
        assertThat(InferenceCertificate.parse(certificate.toJson()).isUntraced()).isTrue();
    }

    @Test
    void rejectsTextThatIsNoCertificateNamingWhereAndWhy() {
        assertThatThrownBy(() -> InferenceCertificate.parse("{\"name\": "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> InferenceCertificate.parse("[]"))
                .hasMessageContaining("expected a JSON object at $");
        assertThatThrownBy(() -> InferenceCertificate.parse("{\"name\": \"x\"}"))
                .hasMessageContaining("$.type must be \"lmql.InferenceCertificate\"");
        String badChild = "{\"name\": \"x\", \"type\": \"lmql.InferenceCertificate\", \"lmql.version\": \"1\","
                + " \"time\": \"t\", \"children\": [{\"name\": \"c\", \"events\": [{\"name\": \"e\"}]}]}";
        assertThatThrownBy(() -> InferenceCertificate.parse(badChild))
                .hasMessageContaining("$.children[0].events[0] must be an object with \"name\" and \"data\"");
        String badMetrics = "{\"name\": \"x\", \"type\": \"lmql.InferenceCertificate\", \"lmql.version\": \"1\","
                + " \"time\": \"t\", \"metrics\": {\"openai\": {\"requests\": -1, \"batch_size\": 1, \"tokens\": 1}}}";
        assertThatThrownBy(() -> InferenceCertificate.parse(badMetrics))
                .hasMessageContaining("$.metrics.openai.requests must be a non-negative integer");
    }

    @Test
    void recordsJavaValuesWithoutLosingAny() {
        TraceRecorder recorder = TraceRecorder.root("values");
        java.util.Map<String, Object> data = new java.util.LinkedHashMap<>();
        data.put("ids", new int[] {1, 2, 3});
        data.put("logprobs", new float[] {-0.5f, Float.NEGATIVE_INFINITY});
        data.put("reason", java.util.concurrent.TimeUnit.SECONDS);
        data.put("pair", new Pair("a", 2));
        data.put("none", null);
        recorder.event("x.generate", data);

        JsonNode recorded = recorder.events().get(0).data();

        assertThat(recorded.get("ids").toString()).isEqualTo("[1,2,3]");
        assertThat(recorded.get("logprobs").toString()).isEqualTo("[-0.5,\"-Infinity\"]");
        assertThat(recorded.get("reason").asText()).isEqualTo("SECONDS");
        assertThat(recorded.get("pair").toString()).isEqualTo("{\"left\":\"a\",\"right\":2}");
        assertThat(recorded.get("none").isNull()).isTrue();
    }

    record Pair(String left, int right) {
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
