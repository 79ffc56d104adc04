package dev.lmql.trace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds the event of one model call in the library's standard layout and reports its metrics, so every backend
 * writes calls that {@code verify()} and replay can read:
 *
 * <pre>{@code
 * { "model": {identity}, "tokenizer": "...",
 *   "kwargs": {"ids": [prompt token ids], "max_tokens": 16, "temperature": 0.0, "n": 1, "constraint": "...", ...},
 *   "strategy": "token-mask", "cached": false,
 *   "result": [{"tokens": [..], "text": "...", "finish_reason": "stop"}],
 *   "usage": {"backend": "random", "requests": 1, "batch_size": 1, "tokens": 12} }
 * }</pre>
 *
 * Not thread-safe: build and record one event on one thread.
 */
public final class ModelCallEvent {
    private final String backend;
    private final String eventName;
    private Map<String, Object> model = Map.of();
    private String tokenizer;
    private int[] promptIds = new int[0];
    private final Map<String, Object> kwargs = new LinkedHashMap<>();
    private final List<Map<String, Object>> results = new ArrayList<>();
    private String strategy;
    private boolean cached;

    private ModelCallEvent(String backend, String suffix) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.eventName = backend + suffix;
    }

    /** A generation call of the backend, recorded as {@code <backend>.generate}. */
    public static ModelCallEvent generation(String backend) {
        return new ModelCallEvent(backend, TraceEvents.GENERATE_SUFFIX);
    }

    /** A scoring call of the backend, recorded as {@code <backend>.score}. */
    public static ModelCallEvent scoring(String backend) {
        return new ModelCallEvent(backend, TraceEvents.SCORE_SUFFIX);
    }

    /** The model's identity ({@code LanguageModel.identity()}). */
    public ModelCallEvent model(Map<String, Object> identity) {
        this.model = new LinkedHashMap<>(identity);
        return this;
    }

    /** The tokenizer's name. */
    public ModelCallEvent tokenizer(String tokenizerName) {
        this.tokenizer = tokenizerName;
        return this;
    }

    /** The exact prompt token ids. */
    public ModelCallEvent promptIds(int[] ids) {
        this.promptIds = ids.clone();
        return this;
    }

    /** Decoding parameters; {@code null} values are left out. */
    public ModelCallEvent sampling(double temperature, Double topP, Integer topK, Long seed, int n) {
        kwargs.put("temperature", temperature);
        param("top_p", topP);
        param("top_k", topK);
        param("seed", seed);
        kwargs.put("n", n);
        return this;
    }

    /** The token limit ({@code null} = until EOS). */
    public ModelCallEvent maxTokens(Integer maxTokens) {
        kwargs.put("max_tokens", maxTokens);
        return this;
    }

    /** The hole's constraint, as {@code TokenConstraint.describe()}. */
    public ModelCallEvent constraint(String description) {
        param("constraint", description);
        return this;
    }

    /** Any further request parameter (e.g. {@code logit_bias}, {@code chunksize}); {@code null} is left out. */
    public ModelCallEvent param(String key, Object value) {
        if (value != null) {
            kwargs.put(key, value);
        }
        return this;
    }

    /** How the constraint was enforced ({@code token-mask}, {@code logit-bias}, ...). */
    public ModelCallEvent strategy(String enforcement) {
        this.strategy = enforcement;
        return this;
    }

    /** Whether the result was served from the cache (no model request was made). */
    public ModelCallEvent cached(boolean fromCache) {
        this.cached = fromCache;
        return this;
    }

    /** One returned sequence: generated token ids (without EOS), their raw text and why generation ended. */
    public ModelCallEvent result(int[] tokens, String text, String finishReason) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("tokens", tokens.clone());
        r.put("text", text);
        r.put("finish_reason", finishReason);
        results.add(r);
        return this;
    }

    /** One scored continuation: its token ids and their log-probabilities. */
    public ModelCallEvent scores(int[] continuation, float[] logprobs) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("tokens", continuation.clone());
        r.put("logprobs", logprobs.clone());
        results.add(r);
        return this;
    }

    /**
     * Records the event and, unless the call was served from the cache, its metrics: one request, the batch size
     * (number of results) and the tokens processed (prompt + all results).
     */
    public void record(Tracer tracer) {
        long tokens = promptIds.length;
        for (Map<String, Object> r : results) {
            tokens += ((int[]) r.get("tokens")).length;
        }
        long batch = Math.max(1, results.size());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("model", model);
        if (tokenizer != null) {
            data.put("tokenizer", tokenizer);
        }
        Map<String, Object> allKwargs = new LinkedHashMap<>();
        allKwargs.put("ids", promptIds);
        allKwargs.putAll(kwargs);
        data.put("kwargs", allKwargs);
        if (strategy != null) {
            data.put("strategy", strategy);
        }
        data.put("cached", cached);
        data.put("result", results);
        Map<String, Object> usage = new LinkedHashMap<>();
        usage.put("backend", backend);
        usage.put("requests", cached ? 0 : 1);
        usage.put("batch_size", cached ? 0 : batch);
        usage.put("tokens", cached ? 0 : tokens);
        data.put("usage", usage);
        tracer.event(eventName, data);
        if (!cached) {
            tracer.addMetrics(backend, 1, batch, tokens);
        }
    }
}
