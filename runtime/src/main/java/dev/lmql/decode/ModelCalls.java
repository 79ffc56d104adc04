package dev.lmql.decode;

import dev.lmql.backend.GeneratedSequence;
import dev.lmql.backend.GenerationRequest;
import dev.lmql.backend.LanguageModel;
import dev.lmql.backend.LogitsModel;
import dev.lmql.backend.SamplingParams;
import dev.lmql.backend.ScoreRequest;
import dev.lmql.backend.TokenListener;
import dev.lmql.trace.Tracer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;

/**
 * The interpreter's access to one model: generation and scoring calls go through the {@link CallCache} (when
 * the call is deterministic: argmax or seeded sampling), token-level decoders get the raw {@link LogitsModel}.
 * Thread-safe.
 */
public final class ModelCalls {
    private final LanguageModel model;
    private final String modelKey;
    private final CallCache cache;
    private final Path cacheFile;

    /**
     * @param modelKey  identifies the model and its options in cache keys, e.g. {@code random{seed=1}}
     * @param cache     the call cache, or null for none
     * @param cacheFile the cache file shared across processes, or null for memory only
     */
    public ModelCalls(LanguageModel model, String modelKey, CallCache cache, Path cacheFile) {
        this.model = model;
        this.modelKey = modelKey;
        this.cache = cache;
        this.cacheFile = cacheFile;
    }

    public LanguageModel model() {
        return model;
    }

    /** The same model and cache with another cache file (null: memory only). */
    public ModelCalls withCacheFile(Path file) {
        return new ModelCalls(model, modelKey, cache, file);
    }

    /** The model as a {@link LogitsModel}, when the library computes its distribution itself. */
    public Optional<LogitsModel> logits() {
        return model instanceof LogitsModel ? Optional.of((LogitsModel) model) : Optional.empty();
    }

    /**
     * Generates (or serves from the cache) the request's sequences. The request's token listener hears the
     * backend's accepted tokens on this thread, while the call runs (a cached call reports each sequence at once).
     */
    public List<GeneratedSequence> generate(GenerationRequest request) {
        String key = cacheable(request.sampling()) ? generationKey(request) : null;
        if (key != null && cache != null) {
            Optional<CallCache.Entry> hit = cache.get(key, cacheFile);
            if (hit.isPresent()) {
                replay(hit.get(), request.tracer());
                List<GeneratedSequence> cached = hit.get().sequences();
                for (int i = 0; i < cached.size(); i++) {
                    if (cached.get(i).tokens().length > 0) {
                        request.tokenListener().onTokens(i, cached.get(i).tokens().clone());
                    }
                }
                return cached;
            }
        }
        Capture capture = new Capture(request.tracer());
        TokenRelay relay = request.tokenListener() == TokenListener.NONE ? null
                : new TokenRelay(request.tokenListener());
        GenerationRequest traced = new GenerationRequest(request.promptTokens(), request.promptText(),
                request.messages(), request.constraint(), request.sampling(), request.maxTokens(), capture,
                request.chunkSize(), relay == null ? TokenListener.NONE : relay);
        List<GeneratedSequence> out = join(() -> relay == null ? model.generate(traced).join()
                : relay.await(model.generate(traced)));
        if (key != null && cache != null) {
            cache.put(key, new CallCache.Entry(out, null, capture.events), cacheFile);
        }
        return out;
    }

    /** Scores the continuation after the prompt (or serves it from the cache). */
    public float[] score(int[] prompt, int[] continuation, Tracer tracer) {
        String key = "score|" + modelKey + "|" + Arrays.toString(prompt) + "|" + Arrays.toString(continuation);
        if (cache != null) {
            Optional<CallCache.Entry> hit = cache.get(key, cacheFile);
            if (hit.isPresent() && hit.get().scores() != null) {
                replay(hit.get(), tracer);
                return hit.get().scores().clone();
            }
        }
        Capture capture = new Capture(tracer);
        float[] out = join(() -> model.score(new ScoreRequest(prompt, continuation, capture)).join());
        if (cache != null) {
            cache.put(key, new CallCache.Entry(null, out.clone(), capture.events), cacheFile);
        }
        return out;
    }

    private static boolean cacheable(SamplingParams s) {
        return s.greedy() || s.seed() != null;
    }

    private String generationKey(GenerationRequest r) {
        SamplingParams s = r.sampling();
        StringBuilder b = new StringBuilder("generate|").append(modelKey).append('|')
                .append(Arrays.toString(r.promptTokens())).append('|');
        if (!r.messages().isEmpty()) {
            b.append(r.messages()).append('|');
        }
        b.append("t=").append(s.temperature()).append(",top_p=").append(s.topP()).append(",top_k=").append(s.topK())
                .append(",seed=").append(s.seed()).append(",n=").append(s.n()).append("|max=").append(r.maxTokens())
                .append('|').append(r.constraint().describe());
        return b.toString();
    }

    /** Re-records a cached call's events, marked as served from the cache. */
    @SuppressWarnings("unchecked")
    private static void replay(CallCache.Entry entry, Tracer tracer) {
        for (CallCache.RecordedEvent e : entry.events()) {
            Map<String, Object> data = new LinkedHashMap<>(e.data());
            data.put("cached", true);
            if (data.get("usage") instanceof Map) {
                // no request was made: the cached call adds nothing to the metrics
                Map<String, Object> usage = new LinkedHashMap<>((Map<String, Object>) data.get("usage"));
                usage.put("requests", 0);
                usage.put("batch_size", 0);
                usage.put("tokens", 0);
                data.put("usage", usage);
            }
            tracer.event(e.name(), data);
        }
    }

    private interface Call<T> {
        T run();
    }

    /** Runs a blocking backend call, rethrowing the backend's own exception instead of a CompletionException. */
    private static <T> T join(Call<T> call) {
        try {
            return call.run();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException) {
                throw (RuntimeException) e.getCause();
            }
            if (e.getCause() instanceof Error) {
                throw (Error) e.getCause();
            }
            throw e;
        }
    }

    /** Forwards to the caller's tracer and keeps the call's events for the cache. */
    private static final class Capture implements Tracer {
        private final Tracer target;
        final List<CallCache.RecordedEvent> events = java.util.Collections.synchronizedList(new ArrayList<>());

        Capture(Tracer target) {
            this.target = target;
        }

        @Override
        public void event(String name, Map<String, Object> data) {
            events.add(new CallCache.RecordedEvent(name, data));
            target.event(name, data);
        }

        @Override
        public void addMetrics(String backend, long requests, long batchSize, long tokens) {
            target.addMetrics(backend, requests, batchSize, tokens);
        }
    }
}
