package dev.lmql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lmql.testing.TestSecrets;
import dev.lmql.trace.CertificateSink;
import dev.lmql.trace.InferenceCertificate;
import dev.lmql.trace.TraceScope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Certificates of calls to an OpenAI-compatible server (MockWebServer speaking the streamed completions format):
 * credentials never reach them, and they replay while the endpoint answers the same.
 */
class ReplayHttpTest {
    private final MockWebServer server = new MockWebServer();
    private final AtomicReference<String[]> tokens = new AtomicReference<>(new String[] {" Hello", " world"});

    @BeforeEach
    void start() throws Exception {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return stream(tokens.get());
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void anHttpCallsCertificateHoldsNoCredentialAndReplaysWhileTheServerAnswersTheSame() throws Exception {
        LLM model = Lmql.model("openai/davinci-002@" + server.url("/v1"), Map.of("api_key", TestSecrets.OPENAI_API_KEY,
                "organization", TestSecrets.OPENAI_ORGANIZATION, "project", TestSecrets.OPENAI_PROJECT));
        Path file = Path.of("target", "test-certificates", "http", "openai-generate.json").toAbsolutePath();
        InferenceCertificate certificate;
        try (TraceScope scope = Lmql.traced("http")) {
            assertThat(model.generateSync("Say hello:", 2)).isEqualTo(" Hello world");
            certificate = Lmql.certificate(scope);
        }
        CertificateSink.file(file).accept(certificate);
        String json = Files.readString(file);

        for (String secret : TestSecrets.all()) {
            assertThat(json).doesNotContain(secret);
        }
        assertThat(json).contains("\"Authorization\": \"<removed>\"").contains("\"OpenAI-Organization\": \"<removed>\"")
                .contains("\"OpenAI-Project\": \"<removed>\"");
        assertThat(server.takeRequest().getHeaders().get("Authorization"))
                .isEqualTo("Bearer " + TestSecrets.OPENAI_API_KEY);
        assertThat(certificate.verify().problems()).isEmpty();

        VerificationReport same = Lmql.replay(InferenceCertificate.parse(json), model);
        tokens.set(new String[] {" Hello", " there"});
        VerificationReport changed = Lmql.replay(InferenceCertificate.parse(json), model);

        assertThat(same.reproduced()).as(same.toString()).isTrue();
        assertThat(changed.reproduced()).isFalse();
        assertThat(changed.differences()).first().satisfies(c -> {
            assertThat(c.event()).isEqualTo("openai.Completion");
            assertThat(c.detail()).contains("expected text \"world\", got \"there\"");
        });
    }

    private static MockResponse stream(String[] texts) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < texts.length; i++) {
            String finish = i == texts.length - 1 ? "\"length\"" : "null";
            String token = "\"" + texts[i] + "\"";
            body.append("data: {\"id\":\"cmpl-x\",\"object\":\"text_completion\",\"created\":1700000000,")
                    .append("\"model\":\"davinci-002\",\"choices\":[{\"text\":").append(token)
                    .append(",\"index\":0,\"logprobs\":{\"tokens\":[").append(token).append("],\"token_logprobs\":[-0.1],")
                    .append("\"top_logprobs\":[{").append(token).append(":-0.1}],\"text_offset\":[0]},")
                    .append("\"finish_reason\":").append(finish).append("}]}\n\n");
        }
        body.append("data: [DONE]\n\n");
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "text/event-stream")
                .body(body.toString()).build();
    }
}
