package dev.lmql.backend.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one JSON request to an OpenAI-style endpoint and assembles the (streamed) response: retries with backoff
 * on 429/5xx/connection failures/truncated or malformed responses, timeouts on silence, a per-model limit on
 * requests in flight, and cancellation through the {@link CallScope}. Thread-safe.
 */
final class OpenAiTransport {
    private static final Logger LOG = LoggerFactory.getLogger(OpenAiTransport.class);
    private static final MediaType JSON = MediaType.get("application/json");
    static final ObjectMapper MAPPER = new ObjectMapper();

    private final OkHttpClient client;
    private final ScheduledExecutorService timer;
    private final Timeouts timeouts;
    private final RetryPolicy retry;
    private final AsyncPermits permits;
    private final Redactor redactor;
    private final Map<String, String> headers;

    /** A successful exchange. */
    record Exchange(WireResponse response, String responseText, int attempts) {
    }

    OpenAiTransport(OpenAiSettings settings, OkHttpClient sharedClient, ScheduledExecutorService timer) {
        this.timeouts = settings.timeouts();
        // Silence is policed by the Watchdog; OkHttp's read timeout only backs it up.
        this.client = sharedClient.newBuilder().connectTimeout(timeouts.connect())
                .readTimeout(timeouts.firstByte().plus(timeouts.betweenEvents()))
                .writeTimeout(timeouts.betweenEvents()).build();
        this.timer = timer;
        this.retry = settings.retry();
        this.permits = new AsyncPermits(settings.maxConcurrent());
        this.redactor = new Redactor(settings.secrets());
        this.headers = headersFor(settings);
    }

    /** The request headers, in send order (with secrets; redact before recording). */
    Map<String, String> headers() {
        return headers;
    }

    Redactor redactor() {
        return redactor;
    }

    int availablePermits() {
        return permits.available();
    }

    private static Map<String, String> headersFor(OpenAiSettings s) {
        Map<String, String> h = new LinkedHashMap<>();
        if (s.apiKey() != null) {
            if (s.server() == ServerKind.AZURE) {
                h.put("api-key", s.apiKey());
            } else {
                h.put("Authorization", "Bearer " + s.apiKey());
            }
        }
        if (s.organization() != null) {
            h.put("OpenAI-Organization", s.organization());
        }
        if (s.project() != null) {
            h.put("OpenAI-Project", s.project());
        }
        h.put("Content-Type", "application/json");
        return h;
    }

    /** Posts the body; the future fails with {@link OpenAiApiException} or is cancelled with the scope. */
    CompletableFuture<Exchange> post(String url, String body, boolean stream, CallScope scope) {
        return post(url, body, stream, scope, ChunkObserver.NONE);
    }

    /** As {@link #post(String, String, boolean, CallScope)}, showing each streamed event to {@code observer}. */
    CompletableFuture<Exchange> post(String url, String body, boolean stream, CallScope scope,
            ChunkObserver observer) {
        Request.Builder rb = new Request.Builder().url(url).post(RequestBody.create(body, JSON));
        headers.forEach((k, v) -> {
            if (!k.equals("Content-Type")) {
                rb.header(k, v);
            }
        });
        if (stream) {
            rb.header("Accept", "text/event-stream");
        }
        CompletableFuture<Exchange> result = new CompletableFuture<>();
        new Attempts(rb.build(), stream, scope, observer, result).start(1, 0);
        return result;
    }

    /** The attempts of one request. */
    private final class Attempts {
        private final Request request;
        private final boolean stream;
        private final CallScope scope;
        private final ChunkObserver observer;
        private final CompletableFuture<Exchange> result;

        Attempts(Request request, boolean stream, CallScope scope, ChunkObserver observer,
                CompletableFuture<Exchange> result) {
            this.request = request;
            this.stream = stream;
            this.scope = scope;
            this.observer = observer;
            this.result = result;
        }

        void start(int attempt, long waitedMillis) {
            if (scope.isCancelled()) {
                result.completeExceptionally(new CancellationException("request cancelled"));
                return;
            }
            permits.acquire().thenRun(() -> send(attempt, waitedMillis));
        }

        private void send(int attempt, long waitedMillis) {
            if (scope.isCancelled()) {
                permits.release();
                result.completeExceptionally(new CancellationException("request cancelled"));
                return;
            }
            Call call = client.newCall(request);
            Watchdog watchdog = new Watchdog(call, timeouts, timer);
            scope.register(call);
            call.enqueue(new Callback() {
                @Override
                public void onFailure(Call c, IOException e) {
                    done(c, watchdog, attempt, waitedMillis, null, classify(e, watchdog));
                }

                @Override
                public void onResponse(Call c, Response response) {
                    Exchange ok = null;
                    Failure failure = null;
                    try (response) {
                        watchdog.activity();
                        ok = read(response, watchdog, attempt);
                    } catch (Failure f) {
                        failure = f;
                    } catch (IOException e) {
                        failure = classify(e, watchdog);
                    } catch (RuntimeException e) {
                        failure = new Failure(error(OpenAiApiException.Kind.MALFORMED, response.code(), null, null,
                                "unexpected response from " + request.url() + ": " + e, e), true, -1);
                    }
                    done(c, watchdog, attempt, waitedMillis, ok, failure);
                }
            });
        }

        private void done(Call call, Watchdog watchdog, int attempt, long waitedMillis, Exchange ok, Failure failure) {
            watchdog.stop();
            scope.unregister(call);
            permits.release();
            if (scope.isCancelled()) {
                result.completeExceptionally(new CancellationException("request cancelled"));
                return;
            }
            if (ok != null) {
                result.complete(ok);
                return;
            }
            long delay = failure.retryable ? retry.delayMillis(attempt, failure.retryAfterMillis, waitedMillis) : -1;
            if (delay < 0) {
                String why = !failure.retryable ? "" : attempt > retry.maxRetries()
                        ? " (gave up after " + attempt + " attempts: max_retries " + retry.maxRetries() + ")"
                        : " (gave up after " + attempt + " attempts: the next wait would exceed retry_budget_ms "
                                + retry.budget().toMillis() + ")";
                result.completeExceptionally(failure.error.withAttempts(attempt, why));
                return;
            }
            LOG.warn("openai request to {} failed (attempt {}): {}; retrying in {} ms", request.url(), attempt,
                    failure.error.getMessage(), delay);
            // The task may run before schedule() returns: it must not depend on its own future being registered.
            ScheduledFuture<?> pending = timer.schedule(() -> start(attempt + 1, waitedMillis + delay), delay,
                    TimeUnit.MILLISECONDS);
            scope.register(pending);
            if (pending.isDone()) {
                scope.unregister(pending);
            }
        }

        private Exchange read(Response response, Watchdog watchdog, int attempt) throws IOException {
            BufferedSource source = response.body().source();
            if (!response.isSuccessful()) {
                String body = source.readUtf8();
                throw httpFailure(response, body);
            }
            String contentType = response.header("Content-Type", "");
            ResponseAssembler assembler = new ResponseAssembler();
            StringBuilder raw = new StringBuilder();
            if (!stream || !contentType.contains("text/event-stream")) {
                String body = readAll(source, watchdog);
                raw.append(body);
                JsonNode root = parse(body, response.code());
                checkInlineError(root, response.code());
                try {
                    assembler.add(root);
                } catch (IllegalArgumentException e) {
                    throw malformed(response.code(), e.getMessage() + " in " + excerpt(body));
                }
                return new Exchange(assembler.build(), raw.toString(), attempt);
            }
            boolean[] doneSeen = {false};
            SseParser sse = new SseParser(data -> {
                if (data.equals("[DONE]")) {
                    doneSeen[0] = true;
                    return;
                }
                JsonNode chunk = parse(data, response.code());
                checkInlineError(chunk, response.code());
                try {
                    assembler.add(chunk);
                } catch (IllegalArgumentException e) {
                    throw malformed(response.code(), e.getMessage() + " in event " + excerpt(data));
                }
                observer.chunk(attempt, chunk);
            });
            String line;
            while ((line = source.readUtf8Line()) != null) {
                watchdog.activity();
                raw.append(line).append('\n');
                if (doneSeen[0]) {
                    continue;
                }
                sse.line(line);
            }
            if (!doneSeen[0]) {
                String pending = sse.pending();
                throw new Failure(error(OpenAiApiException.Kind.TRUNCATED, response.code(), null, null,
                        "stream from " + request.url() + " ended without [DONE]"
                                + (pending != null ? " in the middle of an event: " + excerpt(pending) : ""), null),
                        true, -1);
            }
            return new Exchange(assembler.build(), raw.toString(), attempt);
        }

        private String readAll(BufferedSource source, Watchdog watchdog) throws IOException {
            okio.Buffer buffer = new okio.Buffer();
            while (source.read(buffer, 8192) != -1) {
                watchdog.activity();
            }
            return buffer.readUtf8();
        }

        private JsonNode parse(String text, int status) {
            try {
                return MAPPER.readTree(text);
            } catch (JsonProcessingException e) {
                throw malformed(status, "invalid JSON (" + e.getOriginalMessage() + "): " + excerpt(text));
            }
        }

        private Failure malformed(int status, String what) {
            return new Failure(error(OpenAiApiException.Kind.MALFORMED, status, null, null,
                    "malformed response from " + request.url() + ": " + what, null), true, -1);
        }

        /** A stream may carry {@code {"error": {...}}} instead of a chunk. */
        private void checkInlineError(JsonNode root, int status) {
            JsonNode err = root.get("error");
            if (err != null && !err.isNull()) {
                String type = err.path("type").asText(null);
                boolean serverSide = type == null || type.contains("server") || type.contains("overloaded");
                throw new Failure(error(OpenAiApiException.Kind.HTTP_STATUS, status, type,
                        err.path("code").asText(null), "error event from " + request.url() + ": "
                                + err.path("message").asText(err.toString()), null), serverSide, -1);
            }
        }

        private Failure httpFailure(Response response, String body) {
            int status = response.code();
            String type = null;
            String code = null;
            String message = excerpt(body);
            try {
                JsonNode err = MAPPER.readTree(body).path("error");
                if (err.isObject()) {
                    type = err.path("type").asText(null);
                    code = err.path("code").isNull() ? null : err.path("code").asText(null);
                    message = err.path("message").asText(message);
                } else if (err.isTextual()) {
                    message = err.asText();
                }
            } catch (IOException | RuntimeException notJson) {
                // keep the raw excerpt
            }
            boolean quota = "insufficient_quota".equals(code) || "insufficient_quota".equals(type);
            boolean retryable = !quota && (status == 408 || status == 409 || status == 429 || status >= 500);
            String msg = "HTTP " + status + " from POST " + request.url() + ": " + message + hint(status, quota);
            return new Failure(error(OpenAiApiException.Kind.HTTP_STATUS, status, type, code, msg, null), retryable,
                    retryAfterMillis(response));
        }

        private OpenAiApiException error(OpenAiApiException.Kind kind, int status, String type, String code,
                String message, Throwable cause) {
            return new OpenAiApiException(kind, status, type, code, redactor.text(message), 1, cause);
        }

        private Failure classify(IOException e, Watchdog watchdog) {
            if (watchdog.fired()) {
                return new Failure(error(OpenAiApiException.Kind.TIMEOUT, 0, null, null,
                        "timeout calling " + request.url() + ": " + watchdog.describeLimit(), null), true, -1);
            }
            boolean timeout = e instanceof InterruptedIOException;
            return new Failure(error(timeout ? OpenAiApiException.Kind.TIMEOUT : OpenAiApiException.Kind.CONNECTION,
                    0, null, null, (timeout ? "timeout" : "connection failure") + " calling " + request.url() + ": "
                            + e, null), true, -1);
        }
    }

    private static String hint(int status, boolean quota) {
        if (quota) {
            return " — the account's quota is exhausted; check billing";
        }
        return switch (status) {
            case 401 -> " — check the API key (option api_key or OPENAI_API_KEY)";
            case 403 -> " — the key has no access to this model, project or region";
            case 404 -> " — check the model name and the base URL (it must end in /v1 for compatible servers)";
            case 400, 422 -> " — the server rejected a request parameter; see the message";
            default -> "";
        };
    }

    static long retryAfterMillis(Response response) {
        String ms = response.header("retry-after-ms");
        if (ms != null) {
            try {
                return (long) Double.parseDouble(ms.trim());
            } catch (NumberFormatException ignored) {
                // fall through to Retry-After
            }
        }
        String ra = response.header("Retry-After");
        if (ra == null) {
            return -1;
        }
        try {
            return (long) (Double.parseDouble(ra.trim()) * 1000);
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(ra.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                return Math.max(0, at.toInstant().toEpochMilli() - System.currentTimeMillis());
            } catch (RuntimeException notDate) {
                return -1;
            }
        }
    }

    static String excerpt(String s) {
        String t = s.strip();
        return t.length() <= 300 ? t : t.substring(0, 300) + "…";
    }

    /** Why an attempt failed and whether another may succeed. */
    private static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient OpenAiApiException error;
        final boolean retryable;
        final long retryAfterMillis;

        Failure(OpenAiApiException error, boolean retryable, long retryAfterMillis) {
            super(error.getMessage(), null, false, false);
            this.error = error;
            this.retryable = retryable;
            this.retryAfterMillis = retryAfterMillis;
        }
    }
}
