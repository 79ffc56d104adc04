package dev.lmql.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CertificateSchemaTest {
    private final JsonSchemaSubset schema = JsonSchemaSubset.certificateSchema();

    @Test
    void everyKindOfCertificateWeProduceMatchesTheSchema() {
        TraceRecorder root = TestCertificates.referenceTrace();
        TestCertificates.recordQuery(root.child("q"), "Hello.");
        TestCertificates.recordQuery(root.child("scope").child("q2"), "Hi.");

        assertThat(schema.validate(root.certificate().toJson())).isEmpty();
        assertThat(schema.validate(TraceRecorder.root("empty").certificate().toJson())).isEmpty();
        assertThat(schema.validate(InferenceCertificate.untraced().toJson())).isEmpty();
        assertThat(schema.validate(TestCertificates.referenceJson())).isEmpty();
    }

    @Test
    void rejectsCertificatesThatBreakTheShape() {
        TraceRecorder root = TraceRecorder.root("ctx");
        TestCertificates.recordQuery(root.child("q"), "Hello.");
        String json = root.certificate().toJson();

        List<String> childWithType = schema.validate(json.replace("\"name\": \"q\",",
                "\"name\": \"q\", \"type\": \"lmql.InferenceCertificate\","));
        List<String> badIds = schema.validate(json.replace("\"ids\": [\n", "\"ids\": [\n-1,\n"));
        List<String> resultWithoutPrompt = schema.validate(json.replace("\"prompt\": ", "\"promt\": "));
        List<String> badTime = schema.validate(json.replaceFirst("\"time\": \"[^\"]+\"", "\"time\": \"yesterday\""));

        assertThat(childWithType).isNotEmpty();
        assertThat(badIds).anyMatch(e -> e.contains("kwargs.ids[0] must be >= 0"));
        assertThat(resultWithoutPrompt).anyMatch(e -> e.contains("missing required \"prompt\""));
        assertThat(badTime).isNotEmpty();
    }
}
