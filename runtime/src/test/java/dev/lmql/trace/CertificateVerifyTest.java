package dev.lmql.trace;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CertificateVerifyTest {

    @Test
    void aRecordedTraceIsConsistent() {
        TraceRecorder root = TraceRecorder.root("ctx");
        TestCertificates.recordQuery(root.child("a"), "Hello.");
        TestCertificates.recordQuery(root.child("b").child("c"), "Hi there.");

        CertificateCheck check = root.certificate().verify();

        assertThat(check.problems()).isEmpty();
        assertThat(check.isConsistent()).isTrue();
    }

    @Test
    void theReferenceCertificateIsConsistentWithItsOpenAiResultText() {
        CertificateCheck check = InferenceCertificate.parse(TestCertificates.referenceJson()).verify();

        assertThat(check.problems()).isEmpty();
        assertThat(check.notes()).anyMatch(n -> n.contains("record no usage"));
    }

    @Test
    void aTamperedVariableIsReportedAsNotDerivable() {
        TraceRecorder root = TraceRecorder.root("ctx");
        TestCertificates.recordQuery(root.child("a"), "Hello.");
        String tampered = root.certificate().toJson().replace("\"GREETING\": \"Hello.\"", "\"GREETING\": \"Goodbye.\"");

        CertificateCheck check = InferenceCertificate.parse(tampered).verify();

        assertThat(check.isConsistent()).isFalse();
        assertThat(check.problems()).anyMatch(p -> p.contains("$.children[0].events[2].data[0].variables.GREETING")
                && p.contains("not derivable from the recorded model calls"));
        assertThat(check.problems()).anyMatch(p -> p.contains("does not occur in the result's prompt"));
    }

    @Test
    void tamperedMetricsAreReported() {
        TraceRecorder root = TraceRecorder.root("ctx");
        TestCertificates.recordQuery(root.child("a"), "Hello.");
        String json = root.certificate().toJson();
        int last = json.lastIndexOf("\"requests\": 1"); // the top-level metrics come last
        String tampered = json.substring(0, last) + "\"requests\": 5" + json.substring(last + "\"requests\": 1".length());

        CertificateCheck check = InferenceCertificate.parse(tampered).verify();

        assertThat(check.problems()).singleElement().asString().startsWith("$.metrics.random is {requests=5")
                .contains("add up to {requests=1");
    }

    @Test
    void theUntracedCertificateHasNothingToCheck() {
        CertificateCheck check = InferenceCertificate.untraced().verify();

        assertThat(check.isConsistent()).isTrue();
        assertThat(check.notes()).singleElement().asString().contains("untraced");
    }
}
