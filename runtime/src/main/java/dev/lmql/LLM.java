package dev.lmql;

import dev.lmql.backend.LanguageModel;
import dev.lmql.backend.ModelRegistry;
import dev.lmql.decode.CallCache;
import dev.lmql.decode.DecodeSettings;
import dev.lmql.decode.HoleListener;
import dev.lmql.decode.ModelCalls;
import dev.lmql.decode.QueryInterpreter;
import dev.lmql.decode.QueryOutcome;
import dev.lmql.decode.QueryPlan;
import dev.lmql.decode.Session;
import dev.lmql.lang.SourcePosition;
import dev.lmql.lang.Template;
import dev.lmql.lang.TemplatePart;
import dev.lmql.tokenizer.Tokenizer;
import dev.lmql.trace.Tracer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A language model, by id and options ({@code Lmql.model("random", Map.of("seed", 1))}): generation, scoring,
 * queries and scripted sessions. Thread-safe; the backend is created on first use. Model calls are cached as in
 * LMQL: identical deterministic calls (argmax or seeded sampling) are answered from this object's memory, and
 * from a file shared across processes when the {@code cache} option names one.
 */
public final class LLM {
    private static final String RESPONSE = "RESPONSE";
    private final String id;
    private final Map<String, Object> options;
    private final CallCache cache = new CallCache();
    private volatile LanguageModel model;
    private volatile ExecutorService executor;

    LLM(String id, Map<String, Object> options) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a model id is required, e.g. \"random\" or \"local:stories260K.gguf\"");
        }
        this.id = id;
        this.options = Collections.unmodifiableMap(new LinkedHashMap<>(options == null ? Map.of() : options));
    }

    /** Wraps an already created backend (for tests and embedding); the id is the backend's. */
    public static LLM of(LanguageModel backend) {
        LLM llm = new LLM(backend.id(), Map.of());
        llm.model = backend;
        return llm;
    }

    /** The model id, e.g. {@code random} or {@code local:stories260K.gguf}. */
    public String id() {
        return id;
    }

    /** The backend options the model was created with. */
    public Map<String, Object> options() {
        return options;
    }

    /**
     * The backend, created on first use.
     *
     * @throws IllegalArgumentException when the id names no known backend or an option is wrong
     */
    public LanguageModel languageModel() {
        LanguageModel m = model;
        if (m == null) {
            synchronized (this) {
                m = model;
                if (m == null) {
                    m = ModelRegistry.create(id, options);
                    model = m;
                }
            }
        }
        return m;
    }

    /** The model's tokenizer. */
    public Tokenizer getTokenizer() {
        return languageModel().tokenizer();
    }

    /** The model's calls, cached in memory and (when given) in the cache file. */
    ModelCalls calls(Path cacheFile) {
        // the key must tell apart models that differ only in a secret option (e.g. two API keys)
        return new ModelCalls(languageModel(), id + options.hashCode(), cache, cacheFile);
    }

    /** The thread pool async calls run on: daemon threads, created on first use. */
    ExecutorService executor() {
        ExecutorService e = executor;
        if (e == null) {
            synchronized (this) {
                e = executor;
                if (e == null) {
                    AtomicInteger count = new AtomicInteger();
                    e = Executors.newCachedThreadPool(r -> {
                        Thread t = new Thread(r, "lmql-" + id + "-" + count.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
                    executor = e;
                }
            }
        }
        return e;
    }

    // ---- generate ----

    /** Generates a completion of the prompt until EOS (argmax). */
    public CompletableFuture<String> generate(String prompt) {
        return generate(prompt, null, GenerateOptions.defaults());
    }

    /** Generates a completion of at most {@code maxTokens} tokens (null: until EOS), argmax. */
    public CompletableFuture<String> generate(String prompt, Integer maxTokens) {
        return generate(prompt, maxTokens, GenerateOptions.defaults());
    }

    /**
     * Generates one completion of the prompt (only the generated text, without the prompt).
     *
     * @param maxTokens at most this many tokens; null: until EOS
     * @return the completion; fails with IllegalArgumentException when the options ask for several sequences
     *         (use {@link #generateAll})
     */
    public CompletableFuture<String> generate(String prompt, Integer maxTokens, GenerateOptions options) {
        DecodeSettings settings;
        try {
            settings = settings(maxTokens, options);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (settings.returnsSeveral()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("the options ask for " + settings.n()
                    + " sequences (" + settings.toClause() + "): use generateAll to get them all"));
        }
        return generateAll(prompt, maxTokens, options).thenApply(list -> list.get(0));
    }

    /** Generates {@code n} completions (sample with n &gt; 1, beam, best_k); one for argmax. */
    public CompletableFuture<List<String>> generateAll(String prompt, Integer maxTokens, GenerateOptions options) {
        Objects.requireNonNull(prompt, "prompt");
        GenerateOptions opts = options == null ? GenerateOptions.defaults() : options;
        DecodeSettings settings;
        try {
            settings = settings(maxTokens, opts);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        List<TemplatePart> parts = new ArrayList<>();
        if (!prompt.isEmpty()) {
            parts.add(new TemplatePart.Text(prompt, SourcePosition.START));
        }
        parts.add(new TemplatePart.Hole(RESPONSE, dev.lmql.lang.HoleType.TEXT, SourcePosition.START));
        QueryPlan plan = new QueryPlan(new Template(parts), null, settings, null);
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("prompt", prompt);
        description.put("max_tokens", maxTokens);
        description.put("options", settingsDescription(settings));
        description.put("model", id);
        description.put("model_options", stringOptions());
        return Calls.traced("lmql.generate", Calls.sink(opts.certificate(), "lmql.generate"), description, executor(),
                call -> runPlan(plan, Map.of(), opts.cache(), call.tracer()),
                outcomes -> certificateResults(outcomes))
                .thenApply(outcomes -> {
                    List<String> out = new ArrayList<>();
                    for (QueryOutcome o : outcomes) {
                        out.add(String.valueOf(o.variables().get(RESPONSE)));
                    }
                    return out;
                });
    }

    /** Blocking {@link #generate(String, Integer, GenerateOptions)}. */
    public String generateSync(String prompt, Integer maxTokens, GenerateOptions options) {
        return Calls.join(generate(prompt, maxTokens, options));
    }

    /** Blocking {@link #generate(String, Integer)}. */
    public String generateSync(String prompt, Integer maxTokens) {
        return Calls.join(generate(prompt, maxTokens));
    }

    /** Blocking {@link #generate(String)}. */
    public String generateSync(String prompt) {
        return Calls.join(generate(prompt));
    }

    /** Blocking {@link #generateAll}. */
    public List<String> generateAllSync(String prompt, Integer maxTokens, GenerateOptions options) {
        return Calls.join(generateAll(prompt, maxTokens, options));
    }

    // ---- score ----

    /** Scores each value as a continuation of the prompt (prompt and values tokenized separately, as LMQL). */
    public CompletableFuture<ScoringResult> score(String prompt, List<String> values) {
        return score(prompt, values, GenerateOptions.defaults());
    }

    /** As {@link #score(String, List)}; the options' {@code certificate} and {@code cache} apply. */
    public CompletableFuture<ScoringResult> score(String prompt, List<String> values, GenerateOptions options) {
        Objects.requireNonNull(prompt, "prompt");
        if (values == null || values.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("score needs at least one value"));
        }
        GenerateOptions opts = options == null ? GenerateOptions.defaults() : options;
        List<String> vals = List.copyOf(values);
        String name = this + ".score";
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("prompt", prompt);
        description.put("values", vals);
        description.put("model", id);
        description.put("model_options", stringOptions());
        return Calls.traced(name, Calls.sink(opts.certificate(), name), description, executor(),
                call -> scoreNow(prompt, vals, opts.cache(), call.tracer()), r -> null);
    }

    /** Blocking {@link #score(String, List)}. */
    public ScoringResult scoreSync(String prompt, List<String> values) {
        return Calls.join(score(prompt, values));
    }

    /** Blocking {@link #score(String, List, GenerateOptions)}. */
    public ScoringResult scoreSync(String prompt, List<String> values, GenerateOptions options) {
        return Calls.join(score(prompt, values, options));
    }

    private ScoringResult scoreNow(String prompt, List<String> values, Path cacheFile, Tracer tracer) {
        ModelCalls calls = calls(cacheFile);
        Tokenizer tok = calls.model().tokenizer();
        int[] promptIds = tok.encode(prompt);
        if (tok.bos().isPresent()) {
            int[] withBos = new int[promptIds.length + 1];
            withBos[0] = tok.bos().getAsInt();
            System.arraycopy(promptIds, 0, withBos, 1, promptIds.length);
            promptIds = withBos;
        }
        List<float[]> scores = new ArrayList<>();
        for (String v : values) {
            scores.add(calls.score(promptIds, tok.encode(v), tracer));
        }
        return new ScoringResult(id, prompt, values, scores);
    }

    // ---- sessions and queries ----

    /**
     * A scripted-prompting session on this model (argmax). Inside an {@code Lmql.traced} scope its model calls
     * record into a child {@code lmql.Session} of the scope.
     */
    public Session session() {
        return session(GenerateOptions.defaults(), null);
    }

    /**
     * A scripted-prompting session with the options' decoder (argmax or sample with n = 1) and cache; its model
     * calls record into {@code tracer}, or, when null, into a child of the current {@code Lmql.traced} scope (if
     * any).
     */
    public Session session(GenerateOptions options, Tracer tracer) {
        GenerateOptions opts = options == null ? GenerateOptions.defaults() : options;
        Tracer t = tracer != null ? tracer : dev.lmql.trace.TracedCall.begin("lmql.Session", null).tracer();
        return new Session(calls(opts.cache()), settings(null, opts), t);
    }

    List<QueryOutcome> runPlan(QueryPlan plan, Map<String, Object> args, Path cacheFile, Tracer tracer) {
        return runPlan(plan, args, cacheFile, tracer, HoleListener.NONE);
    }

    List<QueryOutcome> runPlan(QueryPlan plan, Map<String, Object> args, Path cacheFile, Tracer tracer,
            HoleListener listener) {
        return new QueryInterpreter(calls(cacheFile), tracer, listener).run(plan, args);
    }

    static List<Map<String, Object>> certificateResults(List<QueryOutcome> outcomes) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (QueryOutcome o : outcomes) {
            out.add(QueryResults.of(o).toCertificateMap());
        }
        return out;
    }

    private static DecodeSettings settings(Integer maxTokens, GenerateOptions options) {
        if (maxTokens != null && maxTokens < 0) {
            throw new IllegalArgumentException("maxTokens must be >= 0 (or null for until EOS), got " + maxTokens);
        }
        return (options == null ? GenerateOptions.defaults() : options).toSettings(maxTokens);
    }

    private static Map<String, Object> settingsDescription(DecodeSettings s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("decoder", s.decoder().keyword());
        m.put("n", s.n());
        m.put("temperature", s.temperature());
        m.put("top_p", s.topP());
        m.put("top_k", s.topK());
        m.put("seed", s.seed());
        m.put("max_len", s.maxLen());
        m.put("chunksize", s.chunksize());
        m.values().removeIf(Objects::isNull);
        return m;
    }

    /** The options as strings, secrets (api keys, tokens, passwords) replaced by {@code <removed>}. */
    Map<String, Object> stringOptions() {
        Map<String, Object> m = new LinkedHashMap<>();
        options.forEach((k, v) -> m.put(k, isSecret(k) ? "<removed>" : String.valueOf(v)));
        return m;
    }

    private static boolean isSecret(String key) {
        String k = key.toLowerCase(java.util.Locale.ROOT);
        return k.contains("key") || k.contains("secret") || k.contains("token") && !k.contains("tokenizer")
                || k.contains("password") || k.contains("authorization");
    }

    /** LMQL's form: {@code lmql.LLM(random, seed=1)}; secret options show as {@code <removed>}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("lmql.LLM(").append(id);
        stringOptions().forEach((k, v) -> b.append(", ").append(k).append('=').append(v));
        return b.append(')').toString();
    }
}
