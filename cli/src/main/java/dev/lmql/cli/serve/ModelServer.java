package dev.lmql.cli.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.lmql.backend.LogitsModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves one loaded model over an OpenAI-compatible HTTP API: {@code POST /v1/completions} (logprobs,
 * logit_bias, echo, stop, n, seed, SSE streaming), {@code GET /v1/models}, {@code GET /health}.
 *
 * <p>At most {@link ServerOptions#workers()} requests generate at once; up to {@link ServerOptions#maxQueued()}
 * more wait; beyond that the server answers 429 so clients back off instead of piling up.
 */
public final class ModelServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY_BYTES = 4 << 20;

    private final LogitsModel model;
    private final String modelName;
    private final ServerOptions options;
    private final CompletionEngine engine;
    private final Semaphore generating;
    private final AtomicInteger admitted = new AtomicInteger();
    private final ExecutorService executor;
    private final HttpServer server;
    private volatile boolean closing;

    public ModelServer(LogitsModel model, String modelName, ServerOptions options) throws IOException {
        this.model = model;
        this.modelName = modelName;
        this.options = options;
        this.engine = new CompletionEngine(model);
        this.generating = new Semaphore(options.workers(), true);
        // One thread per admitted request: the semaphore, not the pool, bounds concurrent generation.
        this.executor = Executors.newFixedThreadPool(options.workers() + options.maxQueued() + 2, r -> {
            Thread t = new Thread(r, "lmql-serve");
            t.setDaemon(true);
            return t;
        });
        this.server = HttpServer.create(new InetSocketAddress(options.host(), options.port()), 128);
        server.setExecutor(executor);
        server.createContext("/health", this::health);
        server.createContext("/v1/models", this::models);
        server.createContext("/v1/completions", this::completions);
        server.createContext("/", ex -> handle(ex, () -> {
            throw new ApiException(404, "invalid_request_error", "Unknown endpoint " + ex.getRequestURI().getPath()
                    + ". This server offers POST /v1/completions, GET /v1/models and GET /health.", null);
        }));
    }

    public ModelServer start() {
        server.start();
        return this;
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    public String baseUrl() {
        return "http://" + options.host() + ":" + port() + "/v1";
    }

    /** Refuses new requests, lets admitted ones finish (up to 10 seconds), then stops. */
    @Override
    public void close() {
        closing = true;
        // HttpServer.stop(delay) also waits for idle keep-alive connections; wait only for admitted requests.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (admitted.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        server.stop(0);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private void health(HttpExchange ex) {
        handle(ex, () -> {
            requireMethod(ex, "GET");
            ObjectNode body = JSON.createObjectNode().put("status", closing ? "shutting_down" : "ok");
            send(ex, closing ? 503 : 200, body);
        });
    }

    private void models(HttpExchange ex) {
        handle(ex, () -> {
            requireMethod(ex, "GET");
            ObjectNode body = JSON.createObjectNode().put("object", "list");
            body.putArray("data").addObject().put("id", modelName).put("object", "model").put("created", 0)
                    .put("owned_by", "lmql");
            send(ex, 200, body);
        });
    }

    private void completions(HttpExchange ex) {
        handle(ex, () -> {
            requireMethod(ex, "POST");
            if (closing) {
                throw new ApiException(503, "server_error", "The server is shutting down.", null);
            }
            CompletionRequest request = CompletionRequest.parse(readJson(ex), model.tokenizer().vocabSize(),
                    options.maxTokensCap());
            if (request.model() != null && !request.model().equals(modelName)) {
                throw new ApiException(404, "invalid_request_error", "The model '" + request.model()
                        + "' does not exist on this server; it serves '" + modelName + "'.", "model");
            }
            if (admitted.incrementAndGet() > options.workers() + options.maxQueued()) {
                admitted.decrementAndGet();
                throw new ApiException(429, "rate_limit_exceeded", "The server is busy (" + options.workers()
                        + " generating, " + options.maxQueued() + " queued). Retry later.", null);
            }
            try {
                generating.acquire();
                try {
                    if (request.stream()) {
                        stream(ex, request);
                    } else {
                        send(ex, 200, complete(request));
                    }
                } finally {
                    generating.release();
                }
            } finally {
                admitted.decrementAndGet();
            }
        });
    }

    private ObjectNode complete(CompletionRequest request) {
        int[] prompt = engine.promptTokens(request);
        List<CompletionEngine.TokenInfo> echoed = request.echo() ? engine.echo(prompt, request.logprobs()) : List.of();
        String promptText = model.tokenizer().decode(prompt);
        ObjectNode body = header("text_completion");
        ArrayNode choices = body.putArray("choices");
        int completionTokens = 0;
        for (int i = 0; i < request.n(); i++) {
            CompletionEngine.Choice choice = engine.complete(request, prompt, i, (t, d) -> { });
            completionTokens += choice.completionTokens();
            ObjectNode c = choices.addObject();
            c.put("text", (request.echo() ? promptText : "") + choice.text()).put("index", i);
            if (request.logprobs() != null) {
                List<CompletionEngine.TokenInfo> all = new ArrayList<>(echoed);
                all.addAll(choice.tokens());
                c.set("logprobs", logprobs(all, request.echo() ? 0 : promptText.length()));
            } else {
                c.putNull("logprobs");
            }
            c.put("finish_reason", choice.finishReason());
        }
        body.putObject("usage").put("prompt_tokens", prompt.length).put("completion_tokens", completionTokens)
                .put("total_tokens", prompt.length + completionTokens);
        return body;
    }

    private void stream(HttpExchange ex, CompletionRequest request) throws IOException {
        int[] prompt = engine.promptTokens(request);
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        ex.sendResponseHeaders(200, 0);
        String promptText = model.tokenizer().decode(prompt);
        List<CompletionEngine.TokenInfo> echoed = request.echo() ? engine.echo(prompt, request.logprobs()) : List.of();
        try (OutputStream out = ex.getResponseBody()) {
            String id = "cmpl-" + UUID.randomUUID();
            for (int i = 0; i < request.n(); i++) {
                int index = i;
                if (request.echo()) {
                    ObjectNode chunk = header("text_completion").put("id", id);
                    ObjectNode c = chunk.putArray("choices").addObject().put("text", promptText).put("index", i);
                    c.set("logprobs", request.logprobs() == null ? null : logprobs(echoed, 0));
                    c.putNull("finish_reason");
                    event(out, chunk);
                }
                // OpenAI counts text offsets from the start of the prompt.
                int[] offset = {promptText.length()};
                CompletionEngine.Choice choice = engine.complete(request, prompt, i, (token, delta) -> {
                    if (delta.isEmpty() && (token == null || request.logprobs() == null)) {
                        return;
                    }
                    ObjectNode chunk = header("text_completion").put("id", id);
                    ObjectNode c = chunk.putArray("choices").addObject().put("text", delta).put("index", index);
                    if (request.logprobs() != null && token != null) {
                        c.set("logprobs", logprobs(List.of(token), offset[0]));
                        offset[0] += token.text().length();
                    } else {
                        c.putNull("logprobs");
                    }
                    c.putNull("finish_reason");
                    event(out, chunk);
                });
                ObjectNode last = header("text_completion").put("id", id);
                last.putArray("choices").addObject().put("text", "").put("index", i).putNull("logprobs")
                        .put("finish_reason", choice.finishReason());
                event(out, last);
            }
            out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    private static void event(OutputStream out, JsonNode chunk) {
        try {
            out.write(("data: " + JSON.writeValueAsString(chunk) + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new ClientGoneException(e);
        }
    }

    private ObjectNode logprobs(List<CompletionEngine.TokenInfo> tokens, int startOffset) {
        ObjectNode lp = JSON.createObjectNode();
        ArrayNode names = lp.putArray("tokens");
        ArrayNode values = lp.putArray("token_logprobs");
        ArrayNode tops = lp.putArray("top_logprobs");
        ArrayNode offsets = lp.putArray("text_offset");
        int offset = startOffset;
        for (CompletionEngine.TokenInfo t : tokens) {
            names.add(t.text());
            if (t.logprob() == null) {
                values.addNull();
                tops.addNull();
            } else {
                values.add(t.logprob());
                ObjectNode top = tops.addObject();
                for (Map.Entry<String, Float> e : t.top()) {
                    top.put(e.getKey(), e.getValue());
                }
            }
            offsets.add(offset);
            offset += t.text().length();
        }
        return lp;
    }

    private ObjectNode header(String object) {
        return JSON.createObjectNode().put("id", "cmpl-" + UUID.randomUUID()).put("object", object)
                .put("created", System.currentTimeMillis() / 1000).put("model", modelName);
    }

    private static JsonNode readJson(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw new ApiException(413, "invalid_request_error", "The request body exceeds 4 MiB.", null);
            }
            try {
                return JSON.readTree(body);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw ApiException.invalid("The request body is not valid JSON: " + e.getOriginalMessage(), null);
            }
        }
    }

    private static void requireMethod(HttpExchange ex, String method) {
        if (!ex.getRequestMethod().equalsIgnoreCase(method)) {
            throw new ApiException(405, "invalid_request_error", ex.getRequestMethod() + " is not allowed on "
                    + ex.getRequestURI().getPath() + "; use " + method + ".", null);
        }
    }

    private static void send(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private interface Action {
        void run() throws Exception;
    }

    /** Runs a handler; every failure becomes an OpenAI-style error body, never a dropped connection. */
    private static void handle(HttpExchange ex, Action action) {
        try {
            action.run();
        } catch (ClientGoneException e) {
            // The client hung up mid-stream: nothing left to answer.
        } catch (ApiException e) {
            sendError(ex, e.status(), e.type(), e.getMessage(), e.param());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sendError(ex, 503, "server_error", "The server is shutting down.", null);
        } catch (Exception | Error e) {
            sendError(ex, 500, "server_error", "Internal error: " + e, null);
        } finally {
            ex.close();
        }
    }

    private static void sendError(HttpExchange ex, int status, String type, String message, String param) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode error = body.putObject("error").put("message", message).put("type", type);
        if (param == null) {
            error.putNull("param");
        } else {
            error.put("param", param);
        }
        error.putNull("code");
        try {
            send(ex, status, body);
        } catch (IOException | RuntimeException ignored) {
            // Headers were already sent (mid-stream failure) or the client is gone; the connection closes.
        }
    }

    /** The client closed the connection while we were streaming. */
    private static final class ClientGoneException extends RuntimeException {
        ClientGoneException(IOException cause) {
            super(cause);
        }
    }
}
