package dev.lmql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lmql.VerificationReport.Status;
import dev.lmql.testing.SharedModels;
import dev.lmql.trace.BackendMetrics;
import dev.lmql.trace.CertificateCheck;
import dev.lmql.trace.InferenceCertificate;
import dev.lmql.trace.JsonSchemaSubset;
import dev.lmql.trace.TraceEvents;
import dev.lmql.trace.TraceScope;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Certificates produced by real runs on the random model, replayed through {@link Lmql#replay}. */
class ReplayTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LmqlQuery GREET = LmqlQuery.of("Greet the world:[GREETING]").maxTokens(12).name("greet");
    private static final LLM MODEL = Lmql.model("random", Map.of("seed", 7));

    @Test
    void anArgmaxQueryReplaysExactlyAndIsConsistent() {
        InferenceCertificate certificate = traced("replay-argmax", () -> GREET.run(MODEL, Map.of()));

        VerificationReport report = Lmql.replay(InferenceCertificate.parse(certificate.toJson()));

        assertThat(report.reproduced()).as(report.toString()).isTrue();
        assertThat(report.calls()).isNotEmpty().allMatch(c -> c.status() == Status.REPRODUCED);
        assertThat(certificate.verify().problems()).isEmpty();
        assertThat(JsonSchemaSubset.certificateSchema().validate(certificate.toJson())).isEmpty();
    }

    @Test
    void aTamperedResultTokenIsReportedWhereItDiffers() throws IOException {
        InferenceCertificate certificate = traced("replay-tampered", () -> GREET.run(MODEL, Map.of()));
        ObjectNode tree = (ObjectNode) JSON.readTree(certificate.toJson());
        ArrayNode tokens = (ArrayNode) tree.at("/children/0/events/" + firstModelCall(certificate) + "/data/result/0/tokens");
        int original = tokens.get(1).intValue();
        tokens.set(1, original + 1);
        InferenceCertificate tampered = InferenceCertificate.parse(JSON.writeValueAsString(tree));

        VerificationReport report = Lmql.replay(tampered);

        assertThat(report.reproduced()).isFalse();
        VerificationReport.CallCheck check = report.differences().get(0);
        assertThat(check.status()).isEqualTo(Status.DIFFERENT);
        assertThat(check.firstDifference()).isEqualTo(1);
        assertThat(check.expected()).startsWith(original + 1);
        assertThat(check.actual()).startsWith(original);
        assertThat(check.path()).startsWith("$.children[0].events[");
    }

    @Test
    void aTamperedModelOptionIsReportedAsADifferentModel() throws IOException {
        InferenceCertificate certificate = traced("replay-model", () -> GREET.run(MODEL, Map.of()));
        String tampered = certificate.toJson().replace("\"seed\": \"7\"", "\"seed\": \"8\"");

        VerificationReport report = Lmql.replay(InferenceCertificate.parse(tampered));

        assertThat(report.reproduced()).isFalse();
        assertThat(report.differences()).first().satisfies(c ->
                assertThat(c.detail()).contains("a different model: seed was 7, is 8"));
    }

    @Test
    void generateScoreAndSeededSampleCallsReplay() {
        InferenceCertificate certificate = traced("replay-calls", () -> {
            MODEL.generateSync("Once upon a time", 6);
            MODEL.generateAllSync("Roses are", 5, GenerateOptions.fromMap(Map.of("decoder", "sample", "n", 2,
                    "temperature", 0.8, "seed", 42)));
            MODEL.scoreSync("The sky is", List.of(" blue", " green"));
            LmqlQuery.of("Q: {q}\nA:[ANSWER]").decoder("sample(temperature=0.7, seed=3, max_tokens=6)")
                    .name("answer").run(MODEL, Map.of("q", "why?"));
        });

        VerificationReport report = Lmql.replay(certificate);

        assertThat(certificate.children()).hasSize(4);
        assertThat(report.reproduced()).as(report.toString()).isTrue();
        assertThat(report.calls()).hasSizeGreaterThanOrEqualTo(4);
    }

    @Test
    void aCertificateWrittenToAFileReplays() throws IOException {
        Path file = Path.of("target", "test-certificates", "replay", "greet-file.json").toAbsolutePath();
        Files.deleteIfExists(file);

        MODEL.generateSync("Hello", 5, GenerateOptions.fromMap(Map.of("certificate", file.toString())));
        InferenceCertificate certificate = InferenceCertificate.parse(Files.readString(file));

        assertThat(certificate.name()).isEqualTo("lmql.generate");
        assertThat(Lmql.replay(certificate).reproduced()).isTrue();
    }

    record Order(String customer, Item item) {
    }

    record Item(String name, int quantity) {
    }

    @Test
    void accessorInterpolationsAreRecordedAndReplayWithoutTheObject() throws IOException {
        Order order = new Order("Ada", new Item("tea", 3));
        LmqlQuery q = LmqlQuery.of("{order.customer} ordered {order.item.quantity} x {order.item.name}. Thanks:[T]")
                .maxTokens(6).name("thanks");
        InferenceCertificate certificate = traced("replay-accessors", () -> q.run(MODEL, Map.of("order", order)));

        var query = JSON.readTree(certificate.toJson()).at("/children/0/events/0/data");
        assertThat(query.at("/accessed_arguments/order.customer").asText()).isEqualTo("Ada");
        assertThat(query.at("/accessed_arguments/order.item.quantity").asInt()).isEqualTo(3);
        assertThat(query.at("/accessed_arguments/order.item.name").asText()).isEqualTo("tea");
        VerificationReport report = Lmql.replay(InferenceCertificate.parse(certificate.toJson()));
        assertThat(report.reproduced()).as(report.toString()).isTrue();
        assertThat(JsonSchemaSubset.certificateSchema().validate(certificate.toJson())).isEmpty();
    }

    @Test
    void constrainedQueriesReplayAndTheirResultsAreDerivableFromTheCalls() {
        InferenceCertificate certificate = traced("replay-constrained", () -> {
            LmqlQuery.of("Is the sky blue? Answer:[ANSWER]").where("ANSWER in [\" yes\", \" no\"]").name("yesno")
                    .run(MODEL, Map.of());
            LmqlQuery.of("A number:[N: int]").where("len(TOKENS(N)) < 4").name("number").run(MODEL, Map.of());
            LmqlQuery.of("Say:[S]").where("STOPS_AT(S, \" \") and len(TOKENS(S)) < 8").name("stops")
                    .run(MODEL, Map.of());
        });

        CertificateCheck check = certificate.verify();
        VerificationReport report = Lmql.replay(InferenceCertificate.parse(certificate.toJson()));

        assertThat(check.problems()).isEmpty();
        assertThat(report.reproduced()).as(report.toString()).isTrue();
        assertThat(JsonSchemaSubset.certificateSchema().validate(certificate.toJson())).isEmpty();
    }

    @Test
    void concurrentCallsInOneScopeFormOneTreeThatReplays() throws Exception {
        int calls = 12;
        InferenceCertificate certificate;
        try (TraceScope scope = Lmql.traced("parallel")) {
            ExecutorService pool = Executors.newFixedThreadPool(4); // its threads start inside the scope
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int i = 0; i < calls; i++) {
                    int n = i;
                    futures.add(pool.submit(() -> n % 2 == 0 ? GREET.run(MODEL, Map.of())
                            : MODEL.generateSync("Story number " + n + ":", 4)));
                }
                for (Future<?> f : futures) {
                    f.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            certificate = Lmql.certificate(scope);
        }

        assertThat(certificate.children()).hasSize(calls);
        assertThat(certificate.children()).allSatisfy(child -> {
            assertThat(child.events(TraceEvents.QUERY)).hasSize(1);
            assertThat(child.events(TraceEvents.RESULT)).hasSize(1);
        });
        // identical calls may be answered from the model's cache: those record no requests
        long requests = certificate.children().stream()
                .mapToLong(c -> c.metrics().getOrDefault("random", BackendMetrics.ZERO).requests()).sum();
        assertThat(certificate.metrics().get("random").requests()).isEqualTo(requests).isPositive();
        assertThat(certificate.verify().problems()).isEmpty();
        assertThat(JsonSchemaSubset.certificateSchema().validate(certificate.toJson())).isEmpty();
        assertThat(Lmql.replay(certificate).reproduced()).isTrue();
    }

    @Test
    void aLocalModelCertificateReplaysAndNamesTheModelFile() {
        LLM local = Lmql.model("local:" + SharedModels.file("stories260K.gguf"));
        InferenceCertificate certificate = traced("replay-local", () -> local.generateSync("Once upon a time", 8));
        String sha = "270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d";

        VerificationReport same = Lmql.replay(InferenceCertificate.parse(certificate.toJson()));
        VerificationReport onGivenModel = Lmql.replay(certificate, local);
        VerificationReport otherFile = Lmql.replay(InferenceCertificate.parse(
                certificate.toJson().replace(sha, "0".repeat(64))));

        assertThat(certificate.toJson()).contains("\"sha256\": \"" + sha + "\"");
        assertThat(same.reproduced()).as(same.toString()).isTrue();
        assertThat(onGivenModel.reproduced()).as(onGivenModel.toString()).isTrue();
        assertThat(otherFile.reproduced()).isFalse();
        assertThat(otherFile.differences()).first().satisfies(c ->
                assertThat(c.detail()).contains("a different model file: expected sha256 0000"));
    }

    @Test
    void unseededSamplingIsReportedAsNotReproducibleWithTheFix() {
        // the local engine draws a fresh seed for unseeded sampling (the random model derives it from the prompt)
        LLM local = Lmql.model("local:" + SharedModels.file("stories260K.gguf"));
        InferenceCertificate certificate = traced("replay-unseeded", () ->
                local.generateSync("Once upon a time", 6, GenerateOptions.fromMap(Map.of("decoder", "sample",
                        "temperature", 0.9))));

        VerificationReport report = Lmql.replay(certificate);

        assertThat(report.reproduced()).isFalse();
        assertThat(report.differences()).first().satisfies(c ->
                assertThat(c.detail()).contains("the parameter seed was").contains("give the decoder a seed"));
    }

    @Test
    void theFacadeGivesTheWarningCertificateWithoutAScope() {
        assertThat(Lmql.certificate().isUntraced()).isTrue();
        try (TraceScope scope = Lmql.traced("current")) {
            assertThat(Lmql.certificate().name()).isEqualTo("current");
        }
        assertThat(Lmql.certificate(null).isUntraced()).isTrue();
        assertThat(Lmql.certificate(TraceScope.untraced()).toJson()).contains("\"warning\": \"Untraced query.");
        assertThat(Lmql.replay(Lmql.certificate(null)).reproduced()).isFalse();
    }

    private static InferenceCertificate traced(String name, Runnable work) {
        try (TraceScope scope = Lmql.traced(name)) {
            work.run();
            return Lmql.certificate(scope);
        }
    }

    private static int firstModelCall(InferenceCertificate certificate) {
        List<dev.lmql.trace.CertificateEvent> events = certificate.children().get(0).events();
        for (int i = 0; i < events.size(); i++) {
            if (TraceEvents.isModelCall(events.get(i).name())) {
                return i;
            }
        }
        throw new AssertionError("no model call in " + certificate);
    }
}
