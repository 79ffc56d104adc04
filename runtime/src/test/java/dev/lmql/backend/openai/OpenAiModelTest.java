package dev.lmql.backend.openai;

import static dev.lmql.backend.openai.WireFormats.completionChunk;
import static dev.lmql.backend.openai.WireFormats.sse;
import static dev.lmql.backend.openai.WireFormats.streamResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lmql.backend.ChatMessage;
import dev.lmql.backend.FinishReason;
import dev.lmql.backend.GeneratedSequence;
import dev.lmql.backend.GenerationRequest;
import dev.lmql.backend.LanguageModel;
import dev.lmql.backend.SamplingParams;
import dev.lmql.backend.ScoreRequest;
import dev.lmql.constraint.Constraint;
import dev.lmql.constraint.ConstraintViolationException;
import dev.lmql.constraint.Constraints;
import dev.lmql.testing.SharedModels;
import dev.lmql.testing.TestSecrets;
import dev.lmql.trace.CertificateEvent;
import dev.lmql.trace.TraceRecorder;
import dev.lmql.trace.Tracer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The backend end to end against a MockWebServer speaking the exact wire formats, one strategy per test. */
class OpenAiModelTest {
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

    private LanguageModel model(String name, Object... options) {
        Map<String, Object> o = new HashMap<>(Map.of("api_key", TestSecrets.OPENAI_API_KEY, "server", "openai",
                "retry_initial_ms", 10, "retry_max_ms", 50));
        for (int i = 0; i < options.length; i += 2) {
            o.put((String) options[i], options[i + 1]);
        }
        return new OpenAiModelProvider().create("openai/" + name + "@" + server.url("/v1"), o);
    }

    private static GenerationRequest request(LanguageModel m, String prompt, Constraint c, Integer maxTokens,
            Tracer tracer) {
        return new GenerationRequest(m.tokenizer().encode(prompt), prompt, List.of(), c.compile(m.tokenizer()),
                SamplingParams.ARGMAX, maxTokens, tracer);
    }

    private static GeneratedSequence one(CompletableFuture<List<GeneratedSequence>> f) throws Exception {
        List<GeneratedSequence> out = f.get(60, TimeUnit.SECONDS);
        assertThat(out).hasSize(1);
        return out.get(0);
    }

    private JsonNode body() throws Exception {
        RecordedRequest r = server.takeRequest(10, TimeUnit.SECONDS);
        assertThat(r).isNotNull();
        return OpenAiTransport.MAPPER.readTree(r.getBody().utf8());
    }

    private static List<Integer> ints(JsonNode array) {
        List<Integer> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asInt()));
        return out;
    }

    private static List<Integer> ints(int[] ids) {
        List<Integer> out = new ArrayList<>();
        for (int id : ids) {
            out.add(id);
        }
        return out;
    }

    @Test
    void unconstrainedCompletionStreamsAndRecordsTheCall() throws Exception {
        LanguageModel m = model("davinci-002");
        server.enqueue(streamResponse(sse(completionChunk(" Hello", -0.25, null),
                completionChunk(" world", -0.5, "stop"), WireFormats.usageChunk(4, 2))));
        TraceRecorder trace = TraceRecorder.root("test");
        GeneratedSequence s = one(m.generate(request(m, "Greet the world:", Constraints.any(), 16, trace)));
        assertThat(s.text()).isEqualTo(" Hello world");
        assertThat(s.tokens()).containsExactly(m.tokenizer().encode(" Hello world"));
        assertThat(s.logprobs()).containsExactly(-0.25f, -0.5f);
        assertThat(s.finishReason()).isEqualTo(FinishReason.EOS);
        assertThat(s.strategy()).isEqualTo("unconstrained");

        JsonNode b = body();
        assertThat(b.get("model").asText()).isEqualTo("davinci-002");
        assertThat(ints(b.get("prompt"))).isEqualTo(ints(m.tokenizer().encode("Greet the world:")));
        assertThat(b.get("max_tokens").asInt()).isEqualTo(16);
        assertThat(b.get("temperature").asDouble()).isZero();
        assertThat(b.get("stream").asBoolean()).isTrue();
        assertThat(b.get("logprobs").asInt()).isEqualTo(5);

        CertificateEvent e = trace.events().get(0);
        assertThat(e.name()).isEqualTo("openai.Completion");
        JsonNode data = e.data();
        assertThat(data.get("endpoint").asText()).isEqualTo(server.url("/v1/completions").toString());
        assertThat(data.at("/headers/Authorization").asText()).isEqualTo("<removed>");
        assertThat(data.get("tokenizer").asText()).isEqualTo("cl100k_base");
        assertThat(data.at("/kwargs/max_tokens").asInt()).isEqualTo(16);
        assertThat(data.get("result[0]").asText()).isEqualTo(" Hello world");
        assertThat(data.get("strategy").asText()).isEqualTo("unconstrained");
        assertThat(trace.metrics().get("openai").requests()).isEqualTo(1);
        assertThat(trace.metrics().get("openai").tokens()).isEqualTo(6);
    }

    @Test
    void smallMasksGoToTheServerAsLogitBias() throws Exception {
        LanguageModel m = model("davinci-002");
        server.enqueue(streamResponse(sse(completionChunk("negative", -0.1, "stop"))));
        GeneratedSequence s = one(m.generate(request(m, "Review: awful.\nSentiment: ",
                Constraints.choice("positive", "negative"), null, null)));
        assertThat(s.text()).isEqualTo("negative");
        assertThat(s.finishReason()).isEqualTo(FinishReason.EOS);
        assertThat(s.strategy()).isEqualTo("logit-bias");
        JsonNode bias = body().get("logit_bias");
        List<Integer> keys = new ArrayList<>();
        bias.fieldNames().forEachRemaining(k -> keys.add(Integer.parseInt(k)));
        assertThat(keys).contains(m.tokenizer().encode("positive")[0], m.tokenizer().encode("negative")[0])
                .doesNotContain(m.tokenizer().eos()).hasSizeLessThanOrEqualTo(300);
        bias.forEach(v -> assertThat(v.asInt()).isEqualTo(100));
    }

    @Test
    void largeMasksAreSpeculativeAndCutAtTheFirstInvalidToken() throws Exception {
        LanguageModel m = model("davinci-002");
        server.enqueue(streamResponse(sse(completionChunk("42", -0.1, null), completionChunk(" apples", -0.3,
                "length"))));
        GeneratedSequence s = one(m.generate(request(m, "How many? ", Constraints.integer(), 8, null)));
        assertThat(s.text()).isEqualTo("42");
        assertThat(s.finishReason()).isEqualTo(FinishReason.EOS);
        assertThat(s.strategy()).isEqualTo("speculative");
        JsonNode b = body();
        assertThat(b.get("logit_bias").get(Integer.toString(m.tokenizer().eos())).asInt()).as("EOS banned at start")
                .isEqualTo(-100);
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void theDecodersChunksizeSetsTheSpeculativeRequestLength() throws Exception {
        LanguageModel m = model("davinci-002");
        server.enqueue(streamResponse(sse(completionChunk("42", -0.1, "stop"))));
        GenerationRequest r = request(m, "How many? ", Constraints.integer(), 40, null);
        one(m.generate(new GenerationRequest(r.promptTokens(), r.promptText(), r.messages(), r.constraint(),
                r.sampling(), r.maxTokens(), r.tracer(), 3)));
        assertThat(body().get("max_tokens").asInt()).isEqualTo(3);
    }

    @Test
    void anInvalidTokenIsReplacedByTheBestValidAlternativeAndGenerationResumesFromThere() throws Exception {
        LanguageModel m = model("davinci-002");
        server.enqueue(streamResponse(sse(completionChunk("555", -0.1, null),
                completionChunk(" 12", -0.2, null, "-", "-1.5"), completionChunk("34", -0.1, "length"))));
        server.enqueue(streamResponse(sse(completionChunk("123", -0.1, null), completionChunk("4", -0.1, "stop"))));
        GeneratedSequence s = one(m.generate(request(m, "Phone: ", Constraints.regex("[0-9]{3}-[0-9]{4}"), 10,
                null)));
        assertThat(s.text()).isEqualTo("555-1234");
        assertThat(s.finishReason()).isEqualTo(FinishReason.EOS);
        body();
        JsonNode second = body();
        int[] expectedPrompt = concat(m.tokenizer().encode("Phone: "), m.tokenizer().encode("555-"));
        assertThat(ints(second.get("prompt"))).isEqualTo(ints(expectedPrompt));
    }

    @Test
    void stopsBeforeGoesToTheApiStopAndStopsAtIsDetectedOnTheStream() throws Exception {
        LanguageModel m = model("davinci-002");
        server.enqueue(streamResponse(sse(completionChunk("Hello", -0.1, null), completionChunk(" there", -0.1,
                "stop"))));
        GenerationRequest req = request(m, "A:", Constraints.stopsBefore("\n"), 32, null);
        GeneratedSequence before = one(m.generate(req));
        JsonNode b = body();
        assertThat(b.get("stop").get(0).asText()).isEqualTo("\n");
        assertThat(before.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(req.constraint().postProcess(before.text())).isEqualTo("Hello there");

        server.enqueue(streamResponse(sse(completionChunk("Hi", -0.1, null), completionChunk(" you", -0.1, null),
                completionChunk(".", -0.1, null), completionChunk(" More", -0.1, "length"))));
        GeneratedSequence at = one(m.generate(request(m, "A:", Constraints.stopsAt("."), 32, null)));
        assertThat(body().has("stop")).as("STOPS_AT is not exact as an API stop").isFalse();
        assertThat(at.text()).isEqualTo("Hi you.");
        assertThat(at.finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void tokenLimitsBecomeMaxTokensAndEndWithLength() throws Exception {
        LanguageModel m = model("davinci-002");
        server.enqueue(streamResponse(sse(completionChunk(" one", -0.1, null), completionChunk(" two", -0.1,
                null), completionChunk(" three", -0.1, "length"))));
        GeneratedSequence s = one(m.generate(request(m, "Count:", Constraints.tokenLength(0, 3), 100, null)));
        assertThat(body().get("max_tokens").asInt()).isEqualTo(3);
        assertThat(s.text()).isEqualTo(" one two three");
        assertThat(s.finishReason()).isEqualTo(FinishReason.LENGTH);
    }

    @Test
    void readsLlamaCppServerResponsesWithContentLogprobs() throws Exception {
        JsonNode ref = OpenAiTransport.MAPPER.readTree(Files.readString(
                SharedModels.file("reference/llamacpp-stories260K-v1-completions-logprobs5.json")));
        server.enqueue(WireFormats.jsonResponse(200, ref.get("response").toString()));
        LanguageModel m = model("stories260K.gguf", "server", "llamacpp", "stream", false);
        GeneratedSequence s = one(m.generate(request(m, "Once upon a time", Constraints.any(), 16, null)));
        assertThat(s.text()).isEqualTo(", there was a little girl named Lily. She loved to play");
        assertThat(s.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(s.logprobs()[0]).isCloseTo(-0.0317809f, org.assertj.core.data.Offset.offset(1e-6f));
        JsonNode b = body();
        assertThat(b.get("prompt").asText()).as("compatible servers get text prompts").isEqualTo("Once upon a time");
        assertThat(b.get("logprobs").asInt()).isEqualTo(5);
    }

    @Test
    void llamaCppGetsAGrammarForChoices() throws Exception {
        server.enqueue(streamResponse(sse(completionChunk("yes", -0.1, "stop"))));
        LanguageModel m = model("local", "server", "llamacpp");
        GeneratedSequence s = one(m.generate(request(m, "Q: ", Constraints.choice("yes", "no \"maybe\""), 8,
                null)));
        assertThat(s.text()).isEqualTo("yes");
        assertThat(s.strategy()).isEqualTo("grammar");
        assertThat(body().get("grammar").asText()).isEqualTo("root ::= \"yes\" | \"no \\\"maybe\\\"\"");
    }

    @Test
    void vllmGetsGuidedRegexAndGuidedChoice() throws Exception {
        LanguageModel m = model("meta-llama/Llama-3.1-8B", "server", "vllm");
        server.enqueue(streamResponse(sse(completionChunk("2024-05-17", -0.1, "stop"))));
        GeneratedSequence s = one(m.generate(request(m, "Date: ", Constraints.regex("[0-9]{4}-[0-9]{2}-[0-9]{2}"),
                16, null)));
        assertThat(s.text()).isEqualTo("2024-05-17");
        assertThat(s.strategy()).isEqualTo("guided-regex");
        assertThat(body().get("guided_regex").asText()).isEqualTo("[0-9]{4}-[0-9]{2}-[0-9]{2}");

        server.enqueue(streamResponse(sse(completionChunk("blue", -0.1, "stop"))));
        GeneratedSequence c = one(m.generate(request(m, "Color: ", Constraints.choice("red", "blue"), 4, null)));
        assertThat(c.text()).isEqualTo("blue");
        JsonNode choice = body().get("guided_choice");
        assertThat(choice.get(0).asText()).isEqualTo("red");
        assertThat(choice.get(1).asText()).isEqualTo("blue");
    }

    @Test
    void chatStructuredOutputsEnforceChoices() throws Exception {
        LanguageModel m = model("gpt-4o-mini");
        server.enqueue(streamResponse(sse(WireFormats.chatChunk("{\"value\":\"neg", null),
                WireFormats.chatChunk("ative\"}", "stop"))));
        GenerationRequest req = new GenerationRequest(m.tokenizer().encode("Review: awful"), "Review: awful",
                List.of(new ChatMessage("system", "Classify."), new ChatMessage("user", "Review: awful")),
                Constraints.choice("positive", "negative").compile(m.tokenizer()), SamplingParams.ARGMAX, null, null);
        GeneratedSequence s = one(m.generate(req));
        assertThat(s.text()).isEqualTo("negative");
        assertThat(s.strategy()).isEqualTo("json-schema");
        JsonNode b = body();
        assertThat(b.at("/messages/0/role").asText()).isEqualTo("system");
        assertThat(b.at("/messages/1/content").asText()).isEqualTo("Review: awful");
        assertThat(b.at("/response_format/type").asText()).isEqualTo("json_schema");
        assertThat(b.at("/response_format/json_schema/strict").asBoolean()).isTrue();
        JsonNode value = b.at("/response_format/json_schema/schema/properties/value");
        assertThat(value.get("enum").toString()).isEqualTo("[\"positive\",\"negative\"]");
        assertThat(b.has("max_completion_tokens")).isTrue();
    }

    @Test
    void chatWithoutStructuredOutputsValidatesAndRetriesWithFeedback() throws Exception {
        LanguageModel m = model("gpt-4");
        server.enqueue(streamResponse(sse(WireFormats.chatChunk("I think it is Positive!", "stop"))));
        server.enqueue(streamResponse(sse(WireFormats.chatChunk("positive", "stop"))));
        GeneratedSequence s = one(m.generate(request(m, "Review: great", Constraints.choice("positive",
                "negative"), null, null)));
        assertThat(s.text()).isEqualTo("positive");
        assertThat(s.strategy()).isEqualTo("validate-retry");
        body();
        JsonNode second = body();
        assertThat(second.at("/messages/1/role").asText()).isEqualTo("assistant");
        assertThat(second.at("/messages/2/content").asText()).contains("positive | negative");
    }

    @Test
    void chatGivesUpAfterTheConfiguredAttemptsWithAClearError() {
        LanguageModel m = model("gpt-4", "validate_attempts", 2);
        server.enqueue(streamResponse(sse(WireFormats.chatChunk("forty-two", "stop"))));
        server.enqueue(streamResponse(sse(WireFormats.chatChunk("about forty", "stop"))));
        assertThatThrownBy(() -> m.generate(request(m, "How many?", Constraints.integer(), null, null))
                .get(60, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(ConstraintViolationException.class)
                .hasMessageContaining("no valid value after 2 attempts").hasMessageContaining("INT");
    }

    @Test
    void chatKeepsTheLongestValidPrefix() throws Exception {
        LanguageModel m = model("gpt-4");
        server.enqueue(streamResponse(sse(WireFormats.chatChunk("42.", "stop"))));
        GeneratedSequence s = one(m.generate(request(m, "How many?", Constraints.integer(), null, null)));
        assertThat(s.text()).isEqualTo("42");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void scoresWithEchoWhereTheApiHasIt() throws Exception {
        LanguageModel m = model("davinci-002", "stream", false);
        int[] prompt = m.tokenizer().encode("The sky is");
        int[] cont = m.tokenizer().encode(" blue today");
        List<String> tokens = new ArrayList<>();
        for (int id : concat(prompt, cont)) {
            tokens.add(WireFormats.json(m.tokenizer().tokenText(id)));
        }
        List<String> logprobs = new ArrayList<>(List.of("null"));
        for (int i = 1; i < tokens.size(); i++) {
            logprobs.add(Double.toString(-0.5 * i));
        }
        server.enqueue(WireFormats.jsonResponse(200, "{\"id\":\"cmpl-e\",\"object\":\"text_completion\","
                + "\"choices\":[{\"text\":\"The sky is blue today\",\"index\":0,\"logprobs\":{\"tokens\":"
                + tokens + ",\"token_logprobs\":" + logprobs + ",\"top_logprobs\":null,\"text_offset\":[]},"
                + "\"finish_reason\":\"length\"}],\"usage\":{\"prompt_tokens\":5,\"total_tokens\":5}}"));
        float[] scores = m.score(new ScoreRequest(prompt, cont, null)).get(60, TimeUnit.SECONDS);
        assertThat(scores).hasSize(cont.length);
        int n = prompt.length + cont.length;
        assertThat(scores[cont.length - 1]).isEqualTo((float) (-0.5 * (n - 1)));
        JsonNode b = body();
        assertThat(b.get("echo").asBoolean()).isTrue();
        assertThat(b.get("max_tokens").asInt()).isZero();
        assertThat(ints(b.get("prompt"))).isEqualTo(ints(concat(prompt, cont)));
    }

    @Test
    void scoresTokenByTokenWithoutEchoAndNamesTheLimitation() throws Exception {
        LanguageModel m = model("gpt-3.5-turbo-instruct", "stream", false, "max_concurrent_requests", 1);
        int[] prompt = m.tokenizer().encode("Hello");
        int[] cont = m.tokenizer().encode(" world");
        server.enqueue(WireFormats.jsonResponse(200, "{\"choices\":[{\"text\":\",\",\"index\":0,\"logprobs\":"
                + "{\"tokens\":[\",\"],\"token_logprobs\":[-0.3],\"top_logprobs\":[{\",\":-0.3,\" world\":-1.75}],"
                + "\"text_offset\":[5]},\"finish_reason\":\"length\"}]}"));
        float[] scores = m.score(new ScoreRequest(prompt, cont, null)).get(60, TimeUnit.SECONDS);
        assertThat(scores).containsExactly(-1.75f);
        assertThat(body().has("echo")).isFalse();

        server.enqueue(WireFormats.jsonResponse(200, "{\"choices\":[{\"text\":\",\",\"index\":0,\"logprobs\":"
                + "{\"tokens\":[\",\"],\"token_logprobs\":[-0.3],\"top_logprobs\":[{\",\":-0.3}],"
                + "\"text_offset\":[5]},\"finish_reason\":\"length\"}]}"));
        assertThatThrownBy(() -> m.score(new ScoreRequest(prompt, cont, null)).get(60, TimeUnit.SECONDS))
                .cause().isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("top-5")
                .hasMessageContaining("no echo");
        LanguageModel chat = model("gpt-4o");
        assertThatThrownBy(() -> chat.score(new ScoreRequest(prompt, cont, null)).get(60, TimeUnit.SECONDS))
                .cause().isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("chat");
    }

    @Test
    void cancellingTheFutureCancelsTheRequest() throws Exception {
        LanguageModel m = model("davinci-002", "max_concurrent_requests", 1);
        server.enqueue(new MockResponse.Builder(streamResponse(sse(completionChunk(" slow", -0.1, "stop"))))
                .headersDelay(30, TimeUnit.SECONDS).build());
        server.enqueue(streamResponse(sse(completionChunk(" fast", -0.1, "stop"))));
        CompletableFuture<List<GeneratedSequence>> slow = m.generate(request(m, "A", Constraints.any(), 4, null));
        server.takeRequest(10, TimeUnit.SECONDS);
        slow.cancel(true);
        long t0 = System.nanoTime();
        // the only permit is free again at once: the cancelled call no longer holds it
        GeneratedSequence s = one(m.generate(request(m, "B", Constraints.any(), 4, null)));
        assertThat(s.text()).isEqualTo(" fast");
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0)).isLessThan(20);
    }

    @Test
    void wrongKeyFailsAtOnceWithTheApiMessageAndNoSecretAnywhere() throws Exception {
        LanguageModel m = model("gpt-4o", "organization", TestSecrets.OPENAI_ORGANIZATION, "project",
                TestSecrets.OPENAI_PROJECT);
        server.enqueue(WireFormats.error(401, "Incorrect API key provided: " + TestSecrets.OPENAI_API_KEY + ".",
                "invalid_request_error", "invalid_api_key"));
        TraceRecorder trace = TraceRecorder.root("secrets");
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> m.generate(request(m, "Hi", Constraints.any(), 4, trace)).get(60, TimeUnit.SECONDS));
        OpenAiApiException api = (OpenAiApiException) e.getCause();
        assertThat(api.status()).isEqualTo(401);
        assertThat(api.getMessage()).contains("Incorrect API key provided");
        RecordedRequest r = server.takeRequest(10, TimeUnit.SECONDS);
        assertThat(r.getHeaders().get("OpenAI-Organization")).isEqualTo(TestSecrets.OPENAI_ORGANIZATION);
        assertThat(r.getHeaders().get("OpenAI-Project")).isEqualTo(TestSecrets.OPENAI_PROJECT);
        assertThat(server.getRequestCount()).isEqualTo(1);

        server.enqueue(streamResponse(sse(WireFormats.chatChunk("Hello " + TestSecrets.OPENAI_API_KEY, "stop"))));
        one(m.generate(request(m, "Hi", Constraints.any(), 4, trace)));
        String everything = trace.certificate().toJson() + api + java.util.Arrays.toString(api.getStackTrace())
                + m.identity();
        assertThat(everything).contains("openai.ChatCompletion").contains("<removed>")
                .doesNotContain(TestSecrets.OPENAI_API_KEY).doesNotContain(TestSecrets.OPENAI_ORGANIZATION)
                .doesNotContain(TestSecrets.OPENAI_PROJECT).doesNotContain(TestSecrets.MARKER);
    }

    @Test
    void fiveHundredConcurrentQueriesShareTheConnectionPoolWithinTheLimit() throws Exception {
        java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger peak = new java.util.concurrent.atomic.AtomicInteger();
        String body = sse(completionChunk(" ok", -0.1, "stop"));
        server.setDispatcher(new mockwebserver3.Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                int now = inFlight.incrementAndGet();
                peak.accumulateAndGet(now, Math::max);
                Thread.sleep(2);
                inFlight.decrementAndGet();
                return streamResponse(body);
            }
        });
        LanguageModel m = model("davinci-002", "max_concurrent_requests", 16);
        List<CompletableFuture<List<GeneratedSequence>>> all = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            all.add(m.generate(request(m, "Q" + i, Constraints.any(), 4, null)));
        }
        for (CompletableFuture<List<GeneratedSequence>> f : all) {
            assertThat(f.get(120, TimeUnit.SECONDS).get(0).text()).isEqualTo(" ok");
        }
        assertThat(server.getRequestCount()).isEqualTo(500);
        assertThat(peak.get()).isBetween(1, 16);
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
