package dev.lmql.backend.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lmql.tokenizer.Tokenizer;
import dev.lmql.trace.Tracer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One model call as the certificate sees it: sends the body through the transport and reports an
 * {@code openai.Completion} / {@code openai.ChatCompletion} event (endpoint, redacted headers, tokenizer, exact
 * request, response text, strategy) plus the {@code openai} metrics — also when the call failed.
 */
final class ModelCall {
    private final OpenAiSettings settings;
    private final OpenAiTransport transport;
    private final Tokenizer tokenizer;
    private final Map<String, Object> identity;

    ModelCall(OpenAiSettings settings, OpenAiTransport transport, Tokenizer tokenizer, Map<String, Object> identity) {
        this.settings = settings;
        this.transport = transport;
        this.tokenizer = tokenizer;
        this.identity = Map.copyOf(identity);
    }

    /**
     * Sends the request.
     *
     * @param promptTokens the prompt's token count, for the metrics when the server reports no usage
     */
    CompletableFuture<WireResponse> send(ObjectNode body, String strategy, Tracer tracer, CallScope scope,
            int promptTokens) {
        return send(body, strategy, tracer, scope, promptTokens, ChunkObserver.NONE);
    }

    /** As {@link #send(ObjectNode, String, Tracer, CallScope, int)}, showing each streamed event to the observer. */
    CompletableFuture<WireResponse> send(ObjectNode body, String strategy, Tracer tracer, CallScope scope,
            int promptTokens, ChunkObserver observer) {
        String json = body.toString();
        boolean stream = body.path("stream").asBoolean(false);
        String url = settings.endpointUrl();
        return transport.post(url, json, stream, scope, observer).handle((exchange, error) -> {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause()
                    : error;
            record(url, json, strategy, tracer, exchange, cause, promptTokens);
            if (cause != null) {
                throw cause instanceof RuntimeException r ? r : new CompletionException(cause);
            }
            return exchange.response();
        });
    }

    /**
     * Records the text a broken-off stream had shown the token listener before the transport's retry answered
     * differently. The value keeps that text (a listener is never told to take text back), so the certificate holds
     * it as the result of the broken attempt: every value stays derivable from recorded results. The attempt is
     * already counted in the retried call's {@code attempts}, so it adds no requests or tokens to the metrics.
     */
    void recordKeptStream(ObjectNode body, String strategy, Tracer tracer, String keptText) {
        Redactor redactor = transport.redactor();
        Map<String, Object> data = callData(settings.endpointUrl(), body.toString(), strategy);
        data.put("result[0]", redactor.text(keptText));
        data.put("error", "the stream broke off after this text had been streamed to the listener; the retry answered "
                + "differently, so the value keeps this text and continues after it");
        Map<String, Object> usage = new LinkedHashMap<>();
        usage.put("backend", "openai");
        usage.put("requests", 0);
        usage.put("batch_size", 0);
        usage.put("tokens", 0);
        data.put("usage", usage);
        tracer.event(settings.chat() ? "openai.ChatCompletion" : "openai.Completion", data);
    }

    private Map<String, Object> callData(String url, String json, String strategy) {
        Redactor redactor = transport.redactor();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("model", new LinkedHashMap<>(identity));
        data.put("endpoint", redactor.text(url));
        data.put("headers", redactor.headers(transport.headers()));
        data.put("tokenizer", tokenizer.name());
        data.put("kwargs", kwargs(redactor.text(json)));
        data.put("strategy", strategy);
        return data;
    }

    private void record(String url, String json, String strategy, Tracer tracer, OpenAiTransport.Exchange exchange,
            Throwable error, int promptTokens) {
        if (error instanceof java.util.concurrent.CancellationException) {
            return;
        }
        Redactor redactor = transport.redactor();
        Map<String, Object> data = callData(url, json, strategy);
        long tokens = 0;
        if (exchange != null) {
            List<WireResponse.Choice> choices = exchange.response().choices();
            for (WireResponse.Choice c : choices) {
                data.put("result[" + c.index() + "]", redactor.text(c.text()));
                tokens += c.tokens().isEmpty() ? tokenizer.encode(c.text()).length : c.tokens().size();
            }
            data.put("response", redactor.text(exchange.responseText()));
            data.put("attempts", exchange.attempts());
            WireResponse.Usage usage = exchange.response().usage();
            if (usage != null) {
                Map<String, Object> u = new LinkedHashMap<>();
                u.put("prompt_tokens", usage.promptTokens());
                u.put("completion_tokens", usage.completionTokens());
                u.put("total_tokens", usage.totalTokens());
                data.put("api_usage", u);
                tokens = usage.totalTokens();
            } else {
                tokens += promptTokens;
            }
        } else if (error != null) {
            data.put("error", redactor.text(String.valueOf(error.getMessage())));
            if (error instanceof OpenAiApiException e) {
                data.put("status", e.status());
                data.put("attempts", e.attempts());
            }
        }
        // The library's usage layout, so that certificate verification can add metrics up over events.
        Map<String, Object> usage = new LinkedHashMap<>();
        usage.put("backend", "openai");
        usage.put("requests", 1);
        usage.put("batch_size", 1);
        usage.put("tokens", tokens);
        data.put("usage", usage);
        tracer.event(settings.chat() ? "openai.ChatCompletion" : "openai.Completion", data);
        tracer.addMetrics("openai", 1, 1, tokens);
    }

    private static Map<String, Object> kwargs(String json) {
        try {
            return OpenAiTransport.MAPPER.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("request body is not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
