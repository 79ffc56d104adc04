package dev.lmql.backend.openai;

import static dev.lmql.backend.openai.WireFormats.completionChunk;
import static dev.lmql.backend.openai.WireFormats.sse;
import static dev.lmql.backend.openai.WireFormats.streamResponse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lmql.LLM;
import dev.lmql.Lmql;
import dev.lmql.LmqlQuery;
import dev.lmql.QueryResult;
import dev.lmql.testing.TestSecrets;
import dev.lmql.trace.CertificateCheck;
import dev.lmql.trace.InferenceCertificate;
import dev.lmql.trace.TraceScope;
import java.util.Map;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Queries through the public facade on an OpenAI-compatible server, with their certificates. */
class OpenAiQueryEndToEndTest {
    private MockWebServer server;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aConstrainedQueryRunsOnACompletionsModelWithAConsistentCertificate() {
        server.enqueue(streamResponse(sse(completionChunk(" negative", -0.05, "stop"))));
        LLM llm = Lmql.model("openai/davinci-002@" + server.url("/v1"), Map.of("api_key",
                TestSecrets.OPENAI_API_KEY, "server", "openai"));
        try (TraceScope scope = Lmql.traced("e2e")) {
            QueryResult r = LmqlQuery.of("Review: {review}\nSentiment:[S]")
                    .where("S in [\" positive\", \" negative\"]").run(llm, Map.of("review", "awful"));
            assertThat(r.getString("S")).isEqualTo(" negative");
            InferenceCertificate cert = Lmql.certificate(scope);
            CertificateCheck check = cert.verify();
            assertThat(check.problems()).isEmpty();
            String json = cert.toJson();
            assertThat(json).contains("openai.Completion").contains("logit-bias")
                    .doesNotContain(TestSecrets.MARKER);
            assertThat(cert.metrics().values().stream().mapToLong(m -> m.requests()).sum()).isPositive();
        }
    }

    @Test
    void aStopsAtQueryRunsOnAChatModel() {
        server.enqueue(streamResponse(sse(WireFormats.chatChunk("Hello, world! Nice", null),
                WireFormats.chatChunk(" day.", "stop"))));
        LLM llm = Lmql.model("openai/gpt-4o-mini@" + server.url("/v1"), Map.of("api_key",
                TestSecrets.OPENAI_API_KEY, "server", "openai"));
        QueryResult r = LmqlQuery.of("Greet the world:[GREETING]").where("STOPS_AT(GREETING, \"!\")").run(llm,
                Map.of());
        assertThat(r.getString("GREETING")).endsWith("Hello, world!");
    }
}
