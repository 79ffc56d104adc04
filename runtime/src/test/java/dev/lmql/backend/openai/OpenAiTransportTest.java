package dev.lmql.backend.openai;

import static dev.lmql.backend.openai.WireFormats.completionChunk;
import static dev.lmql.backend.openai.WireFormats.sse;
import static dev.lmql.backend.openai.WireFormats.streamResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lmql.testing.TestSecrets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import okio.BufferedSink;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenAiTransportTest {
    private static final String BODY = "{\"model\":\"davinci-002\",\"prompt\":\"Hi\",\"stream\":true}";
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

    private OpenAiTransport transport(Map<String, Object> extra) {
        Map<String, Object> o = new HashMap<>(Map.of("api_key", TestSecrets.OPENAI_API_KEY, "retry_initial_ms", 10,
                "retry_max_ms", 50, "first_byte_timeout_ms", 10000, "event_timeout_ms", 10000));
        o.putAll(extra);
        OpenAiSettings s = OpenAiSettings.resolve("openai/davinci-002@" + server.url("/v1"), o, k -> null);
        return new OpenAiTransport(s, SharedHttp.client(), SharedHttp.timer());
    }

    private CompletableFuture<OpenAiTransport.Exchange> post(OpenAiTransport t, CallScope scope) {
        return t.post(server.url("/v1/completions").toString(), BODY, true, scope);
    }

    private static Throwable failure(CompletableFuture<?> f) {
        try {
            f.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            return e.getCause() instanceof CompletionException ce ? ce.getCause() : e.getCause();
        }
        throw new AssertionError("expected a failure");
    }

    @Test
    void streamsEventsUntilDoneAndSendsTheKeyOnlyInTheHeader() throws Exception {
        server.enqueue(streamResponse(sse(completionChunk(" Hello", -0.1, null),
                completionChunk(" world", -0.2, "length"), WireFormats.usageChunk(1, 2))));
        OpenAiTransport.Exchange ex = post(transport(Map.of()), new CallScope()).get(60, TimeUnit.SECONDS);
        assertThat(ex.response().choices().get(0).text()).isEqualTo(" Hello world");
        assertThat(ex.response().usage().totalTokens()).isEqualTo(3);
        assertThat(ex.attempts()).isEqualTo(1);
        RecordedRequest r = server.takeRequest();
        assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer " + TestSecrets.OPENAI_API_KEY);
        assertThat(r.getHeaders().get("Accept")).isEqualTo("text/event-stream");
        assertThat(r.getBody().utf8()).isEqualTo(BODY);
    }

    @Test
    void retriesA429HonouringRetryAfterThenSucceeds() throws Exception {
        server.enqueue(new MockResponse.Builder(WireFormats.error(429, "Rate limit reached for requests",
                "requests", "rate_limit_exceeded")).setHeader("retry-after-ms", "150").build());
        server.enqueue(streamResponse(sse(completionChunk(" ok", -0.1, "stop"))));
        long t0 = System.nanoTime();
        OpenAiTransport.Exchange ex = post(transport(Map.of()), new CallScope()).get(60, TimeUnit.SECONDS);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isGreaterThanOrEqualTo(150);
        assertThat(ex.attempts()).isEqualTo(2);
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void a500StormExhaustsTheRetryBudgetWithTheApiMessage() {
        for (int i = 0; i < 4; i++) {
            server.enqueue(WireFormats.error(500, "The server had an error while processing your request.",
                    "server_error", null));
        }
        Throwable t = failure(post(transport(Map.of("max_retries", 3)), new CallScope()));
        assertThat(t).isInstanceOf(OpenAiApiException.class)
                .hasMessageContaining("HTTP 500").hasMessageContaining("The server had an error")
                .hasMessageContaining("gave up after 4 attempts");
        assertThat(((OpenAiApiException) t).status()).isEqualTo(500);
        assertThat(server.getRequestCount()).isEqualTo(4);
    }

    @Test
    void wrongKeyIsNotRetriedAndTheKeyIsRedactedFromTheMessage() {
        server.enqueue(WireFormats.error(401, "Incorrect API key provided: " + TestSecrets.OPENAI_API_KEY
                + ". You can find your API key at https://platform.openai.com/account/api-keys.",
                "invalid_request_error", "invalid_api_key"));
        Throwable t = failure(post(transport(Map.of()), new CallScope()));
        OpenAiApiException e = (OpenAiApiException) t;
        assertThat(e.status()).isEqualTo(401);
        assertThat(e.errorCode()).isEqualTo("invalid_api_key");
        assertThat(e.attempts()).isEqualTo(1);
        assertThat(e.getMessage()).contains("Incorrect API key provided").contains("check the API key")
                .doesNotContain(TestSecrets.OPENAI_API_KEY);
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aStreamCutMidTokenIsRetriedNotReturnedShort() throws Exception {
        String full = sse(completionChunk(" Hello", -0.1, null), completionChunk(" world", -0.2, "stop"));
        String cut = full.substring(0, full.indexOf(" world") + 3);
        server.enqueue(streamResponse(cut));
        server.enqueue(streamResponse(full));
        OpenAiTransport.Exchange ex = post(transport(Map.of()), new CallScope()).get(60, TimeUnit.SECONDS);
        assertThat(ex.response().choices().get(0).text()).isEqualTo(" Hello world");
        assertThat(ex.attempts()).isEqualTo(2);
    }

    @Test
    void truncatedStreamsPastTheBudgetAreReported() {
        String full = sse(completionChunk(" Hello", -0.1, "stop"));
        String noDone = full.substring(0, full.indexOf("data: [DONE]"));
        server.enqueue(streamResponse(noDone));
        server.enqueue(streamResponse(noDone));
        Throwable t = failure(post(transport(Map.of("max_retries", 1)), new CallScope()));
        assertThat(t).isInstanceOf(OpenAiApiException.class).hasMessageContaining("ended without [DONE]");
        assertThat(((OpenAiApiException) t).kind()).isEqualTo(OpenAiApiException.Kind.TRUNCATED);
    }

    @Test
    void invalidJsonIsRetriedThenReported() {
        server.enqueue(streamResponse("data: {\"choices\": [ nonsense\n\ndata: [DONE]\n\n"));
        server.enqueue(WireFormats.jsonResponse(200, "<html>gateway</html>"));
        Throwable t = failure(transport(Map.of("max_retries", 1)).post(server.url("/v1/completions").toString(),
                BODY, true, new CallScope()));
        assertThat(t).isInstanceOf(OpenAiApiException.class).hasMessageContaining("invalid JSON");
        assertThat(((OpenAiApiException) t).kind()).isEqualTo(OpenAiApiException.Kind.MALFORMED);
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void aStallBeforeTheFirstByteTimesOutAndIsRetried() throws Exception {
        server.enqueue(new MockResponse.Builder(streamResponse(sse(completionChunk(" late", -0.1, "stop"))))
                .headersDelay(8, TimeUnit.SECONDS).build());
        server.enqueue(streamResponse(sse(completionChunk(" fast", -0.1, "stop"))));
        OpenAiTransport.Exchange ex = post(transport(Map.of("first_byte_timeout_ms", 1500)), new CallScope())
                .get(60, TimeUnit.SECONDS);
        assertThat(ex.response().choices().get(0).text()).isEqualTo(" fast");
        assertThat(ex.attempts()).isEqualTo(2);
    }

    @Test
    void aStallBetweenEventsTimesOut() {
        String first = "data: " + completionChunk(" a", -0.1, null) + "\n\n";
        String rest = sse(completionChunk(" b", -0.1, "stop"));
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "text/event-stream")
                .body(new MockResponseBody() {
                    @Override
                    public long getContentLength() {
                        return -1;
                    }

                    @Override
                    public void writeTo(BufferedSink sink) throws java.io.IOException {
                        sink.writeUtf8(first).flush();
                        try {
                            Thread.sleep(4000);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        sink.writeUtf8(rest).flush();
                    }
                }).build());
        Throwable t = failure(post(transport(Map.of("event_timeout_ms", 1000, "max_retries", 0)), new CallScope()));
        assertThat(t).isInstanceOf(OpenAiApiException.class).hasMessageContaining("event_timeout_ms");
        assertThat(((OpenAiApiException) t).kind()).isEqualTo(OpenAiApiException.Kind.TIMEOUT);
    }

    @Test
    void cancellingTheScopeCancelsTheHttpCall() throws Exception {
        server.enqueue(new MockResponse.Builder(streamResponse(sse(completionChunk(" never", -0.1, "stop"))))
                .headersDelay(10, TimeUnit.SECONDS).build());
        OpenAiTransport t = transport(Map.of("max_concurrent_requests", 1));
        CallScope scope = new CallScope();
        CompletableFuture<OpenAiTransport.Exchange> f = post(t, scope);
        server.takeRequest(5, TimeUnit.SECONDS);
        long t0 = System.nanoTime();
        scope.cancel();
        assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(3000);
        // the permit came back: the single slot serves the next request
        for (int i = 0; i < 50 && t.availablePermits() != 1; i++) {
            Thread.sleep(20);
        }
        assertThat(t.availablePermits()).isEqualTo(1);
    }
}
