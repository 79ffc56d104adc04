package dev.lmql.backend.openai;

import static dev.lmql.backend.openai.WireFormats.completionChunk;
import static dev.lmql.backend.openai.WireFormats.sse;
import static dev.lmql.backend.openai.WireFormats.streamResponse;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lmql.LLM;
import dev.lmql.Lmql;
import dev.lmql.LmqlQuery;
import dev.lmql.QueryCall;
import dev.lmql.QueryResult;
import dev.lmql.backend.GeneratedSequence;
import dev.lmql.backend.GenerationRequest;
import dev.lmql.backend.LanguageModel;
import dev.lmql.backend.SamplingParams;
import dev.lmql.backend.TokenListener;
import dev.lmql.constraint.Constraint;
import dev.lmql.constraint.Constraints;
import dev.lmql.decode.HoleListener;
import dev.lmql.testing.TestSecrets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.MockWebServer;
import okio.BufferedSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The OpenAI backend's token listener: streamed tokens are heard per server-sent event, only as far as the
 * constraint validated them, and never taken back — also when a stream breaks off and a retry differs.
 */
class OpenAiStreamingTest {
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

    /** Every report, in order. */
    static final class Heard implements TokenListener {
        final List<int[]> reports = new ArrayList<>();
        final CountDownLatch first = new CountDownLatch(1);

        @Override
        public synchronized void onTokens(int sequence, int[] tokens) {
            assertThat(sequence).isZero();
            reports.add(tokens.clone());
            first.countDown();
        }

        synchronized int[] all() {
            return reports.stream().flatMapToInt(java.util.Arrays::stream).toArray();
        }
    }

    private LanguageModel model(Object... options) {
        Map<String, Object> o = new HashMap<>(Map.of("api_key", TestSecrets.OPENAI_API_KEY, "server", "openai",
                "retry_initial_ms", 10, "retry_max_ms", 50));
        for (int i = 0; i < options.length; i += 2) {
            o.put((String) options[i], options[i + 1]);
        }
        return new OpenAiModelProvider().create("openai/davinci-002@" + server.url("/v1"), o);
    }

    private static GenerationRequest request(LanguageModel m, String prompt, Constraint c, int maxTokens,
            TokenListener listener) {
        return new GenerationRequest(m.tokenizer().encode(prompt), prompt, List.of(), c.compile(m.tokenizer()),
                SamplingParams.ARGMAX, maxTokens, null, null, listener);
    }

    private static GeneratedSequence one(LanguageModel m, GenerationRequest r) throws Exception {
        List<GeneratedSequence> out = m.generate(r).get(60, TimeUnit.SECONDS);
        assertThat(out).hasSize(1);
        return out.get(0);
    }

    private static String text(LanguageModel m, int[] ids) {
        return m.tokenizer().decode(ids);
    }

    private static String event(String chunk) {
        return "data: " + chunk + "\n\n";
    }

    @Test
    void tokensAreHeardPerEventWhileTheResponseIsStillStreaming() throws Exception {
        LanguageModel m = model();
        Heard heard = new Heard();
        AtomicBoolean heardBeforeRest = new AtomicBoolean();
        String first = event(completionChunk(" Hello", -0.1, null));
        String rest = sse(completionChunk(" world", -0.2, "stop"));
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "text/event-stream")
                .body(new MockResponseBody() {
                    @Override
                    public long getContentLength() {
                        return (first + rest).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
                    }

                    @Override
                    public void writeTo(BufferedSink sink) throws java.io.IOException {
                        sink.writeUtf8(first).flush();
                        try {
                            heardBeforeRest.set(heard.first.await(20, TimeUnit.SECONDS));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        sink.writeUtf8(rest).flush();
                    }
                }).build());
        GeneratedSequence s = one(m, request(m, "Greet:", Constraints.any(), 16, heard));
        assertThat(heardBeforeRest).as("the first token was heard before the server sent the rest").isTrue();
        assertThat(s.text()).isEqualTo(" Hello world");
        assertThat(heard.reports).hasSize(2);
        assertThat(text(m, heard.reports.get(0))).isEqualTo(" Hello");
        assertThat(heard.all()).containsExactly(s.tokens());
    }

    @Test
    void aSpeculativeChunkIsHeardUpToItsLastValidToken() throws Exception {
        LanguageModel m = model();
        Heard heard = new Heard();
        server.enqueue(streamResponse(sse(completionChunk("42", -0.1, null), completionChunk(" apples", -0.3, null),
                completionChunk(" and", -0.3, "length"))));
        GeneratedSequence s = one(m, request(m, "How many? ", Constraints.integer(), 8, heard));
        assertThat(s.text()).isEqualTo("42");
        assertThat(text(m, heard.all())).isEqualTo("42");
        assertThat(heard.all()).containsExactly(s.tokens());
    }

    private static String completion(String token, String finish) {
        String t = WireFormats.json(token);
        return "{\"id\":\"cmpl-x\",\"object\":\"text_completion\",\"created\":1700000000,\"model\":\"davinci-002\","
                + "\"choices\":[{\"text\":" + t + ",\"index\":0,\"logprobs\":{\"tokens\":[" + t + "],"
                + "\"token_logprobs\":[-0.1],\"top_logprobs\":[{" + t + ":-0.1}],\"text_offset\":[0]},"
                + "\"finish_reason\":\"" + finish + "\"}]}";
    }

    @Test
    void withoutStreamingEachChunkedRequestIsHeardWhenItIsValidated() throws Exception {
        LanguageModel m = model("stream", false);
        Heard heard = new Heard();
        server.enqueue(WireFormats.jsonResponse(200, completion("12", "length")));
        server.enqueue(WireFormats.jsonResponse(200, completion("34", "length")));
        server.enqueue(WireFormats.jsonResponse(200, completion(" apples", "length")));
        GenerationRequest r = request(m, "How many? ", Constraints.integer(), 8, heard);
        GeneratedSequence s = one(m, new GenerationRequest(r.promptTokens(), r.promptText(), r.messages(),
                r.constraint(), r.sampling(), r.maxTokens(), null, 1, heard));
        assertThat(s.text()).isEqualTo("1234");
        assertThat(heard.reports).hasSize(2);
        assertThat(text(m, heard.reports.get(0))).isEqualTo("12");
        assertThat(text(m, heard.reports.get(1))).isEqualTo("34");
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void aTruncatedStreamIsHeardOnlyAsFarAsItWasValidatedAndFailsAsBefore() throws Exception {
        LanguageModel m = model("max_retries", 1);
        Heard heard = new Heard();
        String full = sse(completionChunk("12", -0.1, null), completionChunk("34", -0.1, null),
                completionChunk(" apples", -0.1, null), completionChunk("56", -0.1, "stop"));
        String cut = full.substring(0, full.indexOf("56") - 10); // in the middle of the last event
        server.enqueue(streamResponse(cut));
        server.enqueue(streamResponse(cut));
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> m.generate(request(m, "How many? ", Constraints.integer(), 8, heard)).get(60,
                        TimeUnit.SECONDS));
        assertThat(e.getCause()).isInstanceOf(OpenAiApiException.class).hasMessageContaining("ended without [DONE]");
        assertThat(((OpenAiApiException) e.getCause()).kind()).isEqualTo(OpenAiApiException.Kind.TRUNCATED);
        assertThat(text(m, heard.all())).as("valid tokens only, and the retry repeated them: heard once")
                .isEqualTo("1234");
    }

    @Test
    void aRetryThatRepeatsTheHeardTokensAddsOnlyWhatIsNew() throws Exception {
        LanguageModel m = model();
        Heard heard = new Heard();
        String full = sse(completionChunk(" Hello", -0.1, null), completionChunk(" world", -0.2, "stop"));
        server.enqueue(streamResponse(full.substring(0, full.indexOf(" world") + 3)));
        server.enqueue(streamResponse(full));
        GeneratedSequence s = one(m, request(m, "Greet:", Constraints.any(), 16, heard));
        assertThat(s.text()).isEqualTo(" Hello world");
        assertThat(heard.all()).containsExactly(s.tokens());
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void whenARetryDiffersTheHeardTokensStayAndGenerationResumesAfterThem() throws Exception {
        LanguageModel m = model();
        Heard heard = new Heard();
        String first = sse(completionChunk(" Hello", -0.1, null), completionChunk(" world", -0.2, "stop"));
        server.enqueue(streamResponse(first.substring(0, first.indexOf(" world") + 3)));
        server.enqueue(streamResponse(sse(completionChunk(" Goodbye", -0.1, null),
                completionChunk(" moon", -0.2, "stop"))));
        server.enqueue(streamResponse(sse(completionChunk(" there", -0.1, "stop"))));
        GeneratedSequence s = one(m, request(m, "Greet:", Constraints.any(), 16, heard));
        assertThat(s.text()).isEqualTo(" Hello there");
        assertThat(heard.all()).containsExactly(s.tokens());
        assertThat(server.getRequestCount()).isEqualTo(3);
        server.takeRequest();
        server.takeRequest();
        JsonNode third = OpenAiTransport.MAPPER.readTree(server.takeRequest().getBody().utf8());
        List<Integer> prompt = new ArrayList<>();
        third.get("prompt").forEach(n -> prompt.add(n.asInt()));
        assertThat(text(m, prompt.stream().mapToInt(Integer::intValue).toArray())).isEqualTo("Greet: Hello");
    }

    @Test
    void textKeptFromABrokenStreamIsRecordedInTheCertificate() throws Exception {
        LanguageModel m = model();
        Heard heard = new Heard();
        String first = sse(completionChunk(" Hello", -0.1, null), completionChunk(" world", -0.2, "stop"));
        server.enqueue(streamResponse(first.substring(0, first.indexOf(" world") + 3)));
        server.enqueue(streamResponse(sse(completionChunk(" Goodbye", -0.1, null),
                completionChunk(" moon", -0.2, "stop"))));
        server.enqueue(streamResponse(sse(completionChunk(" there", -0.1, "stop"))));
        dev.lmql.trace.TraceRecorder trace = dev.lmql.trace.TraceRecorder.root("kept");
        GenerationRequest r = new GenerationRequest(m.tokenizer().encode("Greet:"), "Greet:", List.of(),
                Constraints.any().compile(m.tokenizer()), SamplingParams.ARGMAX, 16, trace, null, heard);
        GeneratedSequence s = one(m, r);
        assertThat(s.text()).isEqualTo(" Hello there");
        List<String> results = new ArrayList<>();
        for (dev.lmql.trace.CertificateEvent e : trace.events()) {
            results.add(e.data().path("result[0]").asText());
        }
        assertThat(results).containsExactly(" Goodbye moon", " Hello", " there");
        JsonNode kept = trace.events().get(1).data();
        assertThat(kept.get("error").asText()).contains("the value keeps this text");
        assertThat(kept.at("/usage/requests").asInt()).isZero();
        assertThat(kept.at("/headers/Authorization").asText()).isEqualTo("<removed>");
        assertThat(String.join("", results)).contains(s.text().strip());
    }

    @Test
    void aValueRejectedAfterTheFactIsNeverHeard() throws Exception {
        LanguageModel m = new OpenAiModelProvider().create("openai/gpt-4@" + server.url("/v1"), Map.of("api_key",
                TestSecrets.OPENAI_API_KEY, "server", "openai", "retry_initial_ms", 10, "retry_max_ms", 50));
        Heard heard = new Heard();
        server.enqueue(streamResponse(sse(WireFormats.chatChunk("I think it is Positive!", "stop"))));
        server.enqueue(streamResponse(sse(WireFormats.chatChunk("posi", null), WireFormats.chatChunk("tive",
                "stop"))));
        GeneratedSequence s = one(m, request(m, "Review: great", Constraints.choice("positive", "negative"), 8,
                heard));
        assertThat(s.text()).isEqualTo("positive");
        assertThat(heard.all()).containsExactly(s.tokens());
        assertThat(heard.reports).hasSize(1);
    }

    /** A chat stream chunk with one token and its logprob, as OpenAI sends them with {@code logprobs: true}. */
    private static String chatToken(String token, String finish) {
        String t = WireFormats.json(token);
        return "{\"id\":\"chatcmpl-x\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                + "\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"content\":" + t + "},"
                + "\"logprobs\":{\"content\":[{\"token\":" + t + ",\"logprob\":-0.1,\"bytes\":null,"
                + "\"top_logprobs\":[]}]},\"finish_reason\":" + (finish == null ? "null" : WireFormats.json(finish))
                + "}]}";
    }

    private LanguageModel chat() {
        return new OpenAiModelProvider().create("openai/gpt-4o@" + server.url("/v1"), Map.of("api_key",
                TestSecrets.OPENAI_API_KEY, "server", "openai", "retry_initial_ms", 10, "retry_max_ms", 50));
    }

    @Test
    void anUnconstrainedChatAnswerIsHeardPerEvent() throws Exception {
        LanguageModel m = chat();
        Heard heard = new Heard();
        server.enqueue(streamResponse(sse(chatToken("Hello", null), chatToken(",", null),
                chatToken(" world", "stop"))));
        GeneratedSequence s = one(m, request(m, "Greet the world", Constraints.any(), 16, heard));
        assertThat(s.text()).isEqualTo("Hello, world");
        assertThat(heard.reports).hasSize(3);
        assertThat(heard.all()).containsExactly(s.tokens());
        JsonNode b = OpenAiTransport.MAPPER.readTree(server.takeRequest().getBody().utf8());
        assertThat(b.get("logprobs").asBoolean()).isTrue();
    }

    @Test
    void aChatAnswerWhoseRetryDiffersFromTheStreamedTextFailsClearly() throws Exception {
        LanguageModel m = chat();
        Heard heard = new Heard();
        String first = sse(chatToken("Hello", null), chatToken(" world", "stop"));
        server.enqueue(streamResponse(first.substring(0, first.indexOf(" world") + 3)));
        server.enqueue(streamResponse(sse(chatToken("Goodbye", "stop"))));
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> m.generate(request(m, "Greet", Constraints.any(), 16, heard)).get(60, TimeUnit.SECONDS));
        assertThat(e.getCause()).hasMessageContaining("gpt-4o").hasMessageContaining("'Hello' had been streamed")
                .hasMessageContaining("without streaming");
        assertThat(text(m, heard.all())).isEqualTo("Hello");
    }

    @Test
    void sampledSequencesStreamUnderTheirOwnResultIndex() throws Exception {
        for (int i = 0; i < 2; i++) {
            server.enqueue(streamResponse(sse(completionChunk(" The", -0.1, null), completionChunk(" cat", -0.1,
                    "length"))));
        }
        LLM llm = Lmql.model("openai/davinci-002@" + server.url("/v1"), Map.of("api_key",
                TestSecrets.OPENAI_API_KEY, "server", "openai"));
        dev.lmql.testing.HeardHoles heard = new dev.lmql.testing.HeardHoles();
        List<QueryResult> results = LmqlQuery.of("Story:[S]").where("len(TOKENS(S)) < 3")
                .decoder("sample(n=2, seed=3)").execute(new QueryCall(llm, Map.of(), null, null), heard)
                .get(60, TimeUnit.SECONDS);
        assertThat(results).hasSize(2);
        for (int i = 0; i < 2; i++) {
            assertThat(results.get(i).getString("S")).isEqualTo(" The cat");
            assertThat(heard.partials(i, "S")).containsExactly(" The", " The cat");
            heard.assertStreamedTowards(i, "S", " The cat");
        }
    }

    @Test
    void queriesStreamHoleTextThroughTheFacade() throws Exception {
        server.enqueue(streamResponse(sse(completionChunk(" The", -0.1, null), completionChunk(" cat", -0.1, null),
                completionChunk(" sat", -0.1, null), completionChunk(".", -0.1, null),
                completionChunk(" Then", -0.1, "length"))));
        LLM llm = Lmql.model("openai/davinci-002@" + server.url("/v1"), Map.of("api_key",
                TestSecrets.OPENAI_API_KEY, "server", "openai"));
        List<String> partials = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        HoleListener listener = new HoleListener() {
            @Override
            public void onPartial(int result, String variable, String textSoFar) {
                partials.add(textSoFar);
            }

            @Override
            public void onValue(int result, String variable, Object value) {
                values.add(value);
            }
        };
        QueryResult r = LmqlQuery.of("Story:[S]").where("STOPS_BEFORE(S, \".\")")
                .execute(new QueryCall(llm, Map.of(), null, null), listener).get(60, TimeUnit.SECONDS).get(0);
        assertThat(r.getString("S")).isEqualTo(" The cat sat");
        assertThat(partials).containsExactly(" The", " The cat", " The cat sat");
        assertThat(values).containsExactly(" The cat sat");
    }
}
