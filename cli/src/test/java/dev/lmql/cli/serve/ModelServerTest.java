package dev.lmql.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lmql.backend.LogitsModel;
import dev.lmql.backend.ModelRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ModelServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private LogitsModel model;
    private ModelServer server;

    @BeforeEach
    void start() throws IOException {
        model = (LogitsModel) ModelRegistry.create("random", Map.of("seed", 7));
        server = new ModelServer(model, "random", new ServerOptions("127.0.0.1", 0, 2, 8, 512)).start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthAndModels() throws Exception {
        assertThat(JSON.readTree(get("/health").body()).get("status").asText()).isEqualTo("ok");
        JsonNode models = JSON.readTree(get("/v1/models").body());
        assertThat(models.get("data").get(0).get("id").asText()).isEqualTo("random");
    }

    @Test
    void completionWithLogprobsIsDeterministicUnderASeedAndReportsUsage() throws Exception {
        String body = "{\"model\":\"random\",\"prompt\":\"Hello\",\"max_tokens\":5,\"temperature\":0,\"logprobs\":3}";
        JsonNode first = JSON.readTree(post("/v1/completions", body).body());
        JsonNode second = JSON.readTree(post("/v1/completions", body).body());
        JsonNode choice = first.get("choices").get(0);
        assertThat(choice.get("text").asText()).isEqualTo(second.get("choices").get(0).get("text").asText());
        JsonNode lp = choice.get("logprobs");
        int n = lp.get("tokens").size();
        assertThat(n).isBetween(1, 5);
        assertThat(lp.get("token_logprobs").size()).isEqualTo(n);
        assertThat(lp.get("top_logprobs").get(0).size()).isEqualTo(3);
        assertThat(lp.get("text_offset").get(0).asInt()).isEqualTo("Hello".length());
        assertThat(first.get("usage").get("completion_tokens").asInt()).isEqualTo(n);
        assertThat(first.get("object").asText()).isEqualTo("text_completion");
    }

    @Test
    void logitBiasOfMinus100BansAndPlus100ForcesTokens() throws Exception {
        int forced = model.tokenizer().encode(" yes")[0];
        String body = "{\"prompt\":[1,2,3],\"max_tokens\":4,\"temperature\":1,\"seed\":3,\"logprobs\":1,"
                + "\"logit_bias\":{\"" + forced + "\":100}}";
        JsonNode choice = JSON.readTree(post("/v1/completions", body).body()).get("choices").get(0);
        assertThat(choice.get("text").asText()).isEqualTo(" yes yes yes yes");
        assertThat(choice.get("finish_reason").asText()).isEqualTo("length");
    }

    @Test
    void echoReturnsThePromptWithItsLogprobs() throws Exception {
        String body = "{\"prompt\":\"a b c\",\"max_tokens\":0,\"echo\":true,\"logprobs\":0}";
        JsonNode choice = JSON.readTree(post("/v1/completions", body).body()).get("choices").get(0);
        assertThat(choice.get("text").asText()).isEqualTo("a b c");
        JsonNode values = choice.get("logprobs").get("token_logprobs");
        assertThat(values.get(0).isNull()).isTrue();
        assertThat(values.get(1).asDouble()).isLessThan(0);
    }

    @Test
    void streamedEchoSendsThePromptFirst() throws Exception {
        String body = "{\"prompt\":\"a b c\",\"max_tokens\":2,\"temperature\":0,\"echo\":true,\"logprobs\":1,"
                + "\"stream\":true}";
        String first = post("/v1/completions", body).body().split("\n\n")[0];
        JsonNode choice = JSON.readTree(first.substring("data: ".length())).get("choices").get(0);
        assertThat(choice.get("text").asText()).isEqualTo("a b c");
        assertThat(choice.get("logprobs").get("token_logprobs").get(0).isNull()).isTrue();
    }

    @Test
    void stopSequencesCutTheTextAndFinishWithStop() throws Exception {
        int word = model.tokenizer().encode(" go.")[0];
        String body = "{\"prompt\":\"x\",\"max_tokens\":20,\"temperature\":0,\"stop\":[\"o\"],"
                + "\"logit_bias\":{\"" + word + "\":100}}";
        JsonNode choice = JSON.readTree(post("/v1/completions", body).body()).get("choices").get(0);
        assertThat(choice.get("text").asText()).doesNotContain("o");
        assertThat(choice.get("finish_reason").asText()).isEqualTo("stop");
    }

    @Test
    void streamingSendsChunksThenDone() throws Exception {
        String body = "{\"prompt\":\"Hi\",\"max_tokens\":6,\"temperature\":0,\"stream\":true}";
        HttpResponse<String> response = post("/v1/completions", body);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/event-stream");
        String[] events = response.body().split("\n\n");
        assertThat(events[events.length - 1]).isEqualTo("data: [DONE]");
        StringBuilder streamed = new StringBuilder();
        for (int i = 0; i < events.length - 1; i++) {
            streamed.append(JSON.readTree(events[i].substring("data: ".length())).get("choices").get(0)
                    .get("text").asText());
        }
        String whole = JSON.readTree(post("/v1/completions", body.replace(",\"stream\":true", "")).body())
                .get("choices").get(0).get("text").asText();
        assertThat(streamed.toString()).isEqualTo(whole);
    }

    @Test
    void malformedRequestsGetOpenAiStyleErrors() throws Exception {
        HttpResponse<String> bad = post("/v1/completions", "{not json");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).get("error").get("type").asText()).isEqualTo("invalid_request_error");

        HttpResponse<String> noPrompt = post("/v1/completions", "{\"max_tokens\":3}");
        assertThat(noPrompt.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noPrompt.body()).get("error").get("param").asText()).isEqualTo("prompt");

        HttpResponse<String> tooMany = post("/v1/completions", "{\"prompt\":\"x\",\"max_tokens\":100000}");
        assertThat(JSON.readTree(tooMany.body()).get("error").get("message").asText()).contains("max_tokens");

        HttpResponse<String> wrongModel = post("/v1/completions", "{\"prompt\":\"x\",\"model\":\"gpt-9\"}");
        assertThat(wrongModel.statusCode()).isEqualTo(404);

        assertThat(get("/v1/completions").statusCode()).isEqualTo(405);
        assertThat(get("/v2/nothing").statusCode()).isEqualTo(404);
    }

    @Test
    void concurrentClientsAllGetCompleteAnswers() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String body = "{\"prompt\":\"client " + i + "\",\"max_tokens\":8,\"temperature\":0}";
            calls.add(http.sendAsync(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/completions"))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            HttpResponse<String> r = call.get();
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(r.body()).get("choices").get(0).get("finish_reason").asText()).isNotEmpty();
        }
    }

    @Test
    void shutdownUnderLoadFinishesRunningRequestsAndRefusesNewOnes() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            calls.add(http.sendAsync(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/completions"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"load\",\"max_tokens\":64}")).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        Thread.sleep(50);
        server.close();
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            try {
                HttpResponse<String> r = call.get();
                // Either answered in full before the stop, or refused cleanly: never a truncated 200.
                if (r.statusCode() == 200) {
                    assertThat(JSON.readTree(r.body()).get("choices").get(0).has("finish_reason")).isTrue();
                } else {
                    assertThat(JSON.readTree(r.body()).has("error")).isTrue();
                }
            } catch (java.util.concurrent.ExecutionException refused) {
                assertThat(refused.getCause()).isInstanceOf(IOException.class);
            }
        }
    }
}
