package dev.lmql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lmql.VerificationReport.Status;
import dev.lmql.trace.InferenceCertificate;
import dev.lmql.trace.ModelCallEvent;
import dev.lmql.trace.TraceEvents;
import dev.lmql.trace.TraceRecorder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplayComparatorTest {

    @Test
    void identicalRunsReproduce() {
        InferenceCertificate recorded = certificate("Hello.", "abc");

        VerificationReport report = Replay.replay(recorded, (name, query) -> node(name, "Hello.", "abc"));

        assertThat(report.reproduced()).as(report.toString()).isTrue();
        assertThat(report.calls()).singleElement().satisfies(c -> {
            assertThat(c.status()).isEqualTo(Status.REPRODUCED);
            assertThat(c.path()).isEqualTo("$.children[0].events[1]");
            assertThat(c.event()).isEqualTo("random.generate");
        });
    }

    @Test
    void reportsTheFirstDifferingTokenWithExpectedAndActualTokens() {
        InferenceCertificate recorded = certificate("Hello.", "abc");

        VerificationReport report = Replay.replay(recorded, (name, query) -> node(name, "Help!", "abc"));

        assertThat(report.reproduced()).isFalse();
        VerificationReport.CallCheck check = report.differences().get(0);
        assertThat(check.status()).isEqualTo(Status.DIFFERENT);
        assertThat(check.firstDifference()).isEqualTo(3);
        assertThat(check.expected()).containsExactly((int) 'l', (int) 'o', (int) '.');
        assertThat(check.actual()).containsExactly((int) 'p', (int) '!');
        assertThat(report.problems()).singleElement().asString().contains("the result differs");
        assertThat(report.toString()).contains("NOT REPRODUCED").contains("first difference at position 3");
    }

    @Test
    void aDifferentModelFileIsNamed() {
        InferenceCertificate recorded = certificate("Hello.", "abc");

        VerificationReport report = Replay.replay(recorded, (name, query) -> node(name, "Hello.", "def"));

        assertThat(report.differences()).singleElement().satisfies(c ->
                assertThat(c.detail()).contains("a different model file: expected sha256 abc, found def"));
    }

    @Test
    void callsTheReplayDidNotMakeAreMissingAndFailuresAreReported() {
        TraceRecorder root = TraceRecorder.root("two");
        TraceRecorder q = root.child("q");
        recordQuery(q);
        call("Hel", "abc").record(q);
        call("lo.", "abc").record(q);

        VerificationReport shorter = Replay.replay(root.certificate(), (name, query) -> {
            TraceRecorder r = TraceRecorder.root(name);
            call("Hel", "abc").record(r);
            return r.certificate();
        });
        VerificationReport failed = Replay.replay(root.certificate(), (name, query) -> {
            throw new IllegalArgumentException("unknown model id \"nope\"");
        });

        assertThat(shorter.calls()).extracting(VerificationReport.CallCheck::status)
                .containsExactly(Status.REPRODUCED, Status.MISSING);
        assertThat(failed.calls()).extracting(VerificationReport.CallCheck::status)
                .containsExactly(Status.NOT_REPLAYED, Status.NOT_REPLAYED);
        assertThat(failed.problems()).singleElement().asString()
                .isEqualTo("$.children[0] (q) could not be re-run: unknown model id \"nope\"");
    }

    @Test
    void callsWithoutAQueryEventAndUntracedCertificatesCannotBeReplayed() {
        TraceRecorder root = TraceRecorder.root("raw");
        call("x", "abc").record(root);

        VerificationReport raw = Replay.replay(root.certificate(), (name, query) -> {
            throw new AssertionError("nothing to run");
        });
        VerificationReport untraced = Replay.replay(InferenceCertificate.untraced(), (name, query) -> null);

        assertThat(raw.calls()).singleElement().extracting(VerificationReport.CallCheck::status)
                .isEqualTo(Status.NOT_REPLAYED);
        assertThat(raw.reproduced()).isFalse();
        assertThat(untraced.reproduced()).isFalse();
        assertThat(untraced.problems()).singleElement().asString().contains("untraced");
    }

    private static InferenceCertificate certificate(String greeting, String sha) {
        TraceRecorder root = TraceRecorder.root("ctx");
        TraceRecorder q = root.child("greet");
        recordQuery(q);
        call(greeting, sha).record(q);
        recordResult(q, greeting);
        return InferenceCertificate.parse(root.certificate().toJson());
    }

    private static InferenceCertificate node(String name, String greeting, String sha) {
        TraceRecorder r = TraceRecorder.root(name);
        recordQuery(r);
        call(greeting, sha).record(r);
        recordResult(r, greeting);
        return r.certificate();
    }

    private static void recordQuery(TraceRecorder r) {
        r.record(TraceEvents.QUERY, Map.of("template", "Greet:[G]", "model", "random"));
    }

    private static void recordResult(TraceRecorder r, String greeting) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("prompt", "Greet:" + greeting);
        result.put("variables", Map.of("G", greeting));
        r.record(TraceEvents.RESULT, List.of(result));
    }

    private static ModelCallEvent call(String text, String sha) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        int[] tokens = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            tokens[i] = b[i];
        }
        return ModelCallEvent.generation("random").model(Map.of("backend", "random", "sha256", sha))
                .promptIds(new int[] {1, 2, 3}).sampling(0.0, null, null, null, 1).maxTokens(8)
                .result(tokens, text, "stop");
    }
}
