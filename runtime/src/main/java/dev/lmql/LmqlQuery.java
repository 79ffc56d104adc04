package dev.lmql;

import dev.lmql.decode.DecodeSettings;
import dev.lmql.decode.HoleListener;
import dev.lmql.decode.QueryOutcome;
import dev.lmql.decode.QueryPlan;
import dev.lmql.lang.DecoderClause;
import dev.lmql.lang.Diagnostic;
import dev.lmql.lang.QueryChecker;
import dev.lmql.lang.QueryPart;
import dev.lmql.lang.QuerySource;
import dev.lmql.lang.QuerySyntaxException;
import dev.lmql.lang.DecoderParameter;
import dev.lmql.lang.DecoderParser;
import dev.lmql.lang.DistributionClause;
import dev.lmql.lang.DistributionParser;
import dev.lmql.lang.Expr;
import dev.lmql.lang.Template;
import dev.lmql.lang.TemplateParser;
import dev.lmql.lang.WhereParser;
import dev.lmql.trace.CertificateSink;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A query: template, where clause, decoder, distribution clause, model and name. Immutable: every setter returns a
 * new query; each part is parsed and checked once, when it is set, so syntax errors and semantic errors (unknown
 * function, hole declared twice, ...) surface as {@link QuerySyntaxException} right there.
 *
 * <pre>{@code
 * LmqlQuery q = LmqlQuery.of("Q: {question}\nA:[ANSWER]").where("STOPS_AT(ANSWER, \".\")");
 * QueryResult r = q.run(Lmql.model("random"), Map.of("question", "Why?"));
 * }</pre>
 */
public final class LmqlQuery {
    /** LMQL's certificate name for queries built from strings. */
    static final String DEFAULT_NAME = "<function query>";

    private final String templateSource;
    private final Template template;
    private final String whereSource;
    private final Expr where;
    private final String decoderSource;
    private final DecodeSettings settings;
    private final String distributionSource;
    private final DistributionClause distribution;
    private final String modelId;
    private final Integer maxTokens;
    private final String name;
    /** The query's own model, created on first use (immutable in meaning: same id, same model). */
    private final Object modelLock = new Object();
    private volatile LLM model;

    private LmqlQuery(String templateSource, Template template, String whereSource, Expr where, String decoderSource,
            DecodeSettings settings, String distributionSource, DistributionClause distribution, String modelId,
            Integer maxTokens, String name) {
        this.templateSource = templateSource;
        this.template = template;
        this.whereSource = whereSource;
        this.where = where;
        this.decoderSource = decoderSource;
        this.settings = settings;
        this.distributionSource = distributionSource;
        this.distribution = distribution;
        this.modelId = modelId;
        this.maxTokens = maxTokens;
        this.name = name;
    }

    /**
     * A query from its template, e.g. {@code "Greet the world:[GREETING]"}.
     *
     * @throws dev.lmql.lang.QuerySyntaxException when the template does not parse
     */
    public static LmqlQuery of(String template) {
        Objects.requireNonNull(template, "template");
        return new LmqlQuery(template, TemplateParser.parse(template), null, null, null, DecodeSettings.ARGMAX, null,
                null, null, null, null).checked();
    }

    /** With this where clause (replacing any earlier one); null or blank for none. */
    public LmqlQuery where(String clause) {
        boolean none = clause == null || clause.isBlank();
        return new LmqlQuery(templateSource, template, none ? null : clause, none ? null : WhereParser.parse(clause),
                decoderSource, settings, distributionSource, distribution, modelId, maxTokens, name).checked();
    }

    /** With this decoder clause, e.g. {@code sample(n=3, temperature=0.8)}; null for argmax. */
    public LmqlQuery decoder(String clause) {
        boolean none = clause == null || clause.isBlank();
        DecodeSettings s = none ? DecodeSettings.ARGMAX : settings(DecoderParser.parse(clause));
        return new LmqlQuery(templateSource, template, whereSource, where, none ? null : clause, s,
                distributionSource, distribution, modelId, maxTokens, name).checked();
    }

    /** With this distribution clause, e.g. {@code LABEL in ["positive", "negative"]}; null for none. */
    public LmqlQuery distribution(String clause) {
        boolean none = clause == null || clause.isBlank();
        return new LmqlQuery(templateSource, template, whereSource, where, decoderSource, settings,
                none ? null : clause, none ? null : DistributionParser.parse(clause), modelId, maxTokens, name)
                .checked();
    }

    /** With this model id (used when a call names no model); null for the default model. */
    public LmqlQuery model(String id) {
        return new LmqlQuery(templateSource, template, whereSource, where, decoderSource, settings, distributionSource,
                distribution, id, maxTokens, name);
    }

    /** With at most this many generated tokens per hole (finish reason {@code length} when reached). */
    public LmqlQuery maxTokens(int tokens) {
        if (tokens < 1) {
            throw new IllegalArgumentException("maxTokens must be at least 1, got " + tokens);
        }
        return new LmqlQuery(templateSource, template, whereSource, where, decoderSource, settings, distributionSource,
                distribution, modelId, tokens, name);
    }

    /** With this name (the certificate's name). */
    public LmqlQuery name(String queryName) {
        return new LmqlQuery(templateSource, template, whereSource, where, decoderSource, settings, distributionSource,
                distribution, modelId, maxTokens, queryName);
    }

    /**
     * Validates what can be checked without a model (the checks the annotation processor runs): unknown functions
     * or variables, wrong arguments, a hole declared twice, a distribution variable that is not the last hole.
     *
     * @throws QuerySyntaxException at the first error, pointing into the clause it concerns
     */
    private LmqlQuery checked() {
        QuerySource source = new QuerySource(templateSource, whereSource, decoderSource, distributionSource);
        for (Diagnostic d : QueryChecker.check(source)) {
            if (d.kind() == Diagnostic.Kind.ERROR) {
                String text = d.part() == QueryPart.TEMPLATE ? source.template()
                        : d.part() == QueryPart.WHERE ? source.where()
                        : d.part() == QueryPart.DECODER ? source.decoder() : source.distribution();
                throw QuerySyntaxException.at(text, Math.min(d.offset(), text.length()), d.message());
            }
        }
        plan();
        return this;
    }

    public String template() {
        return templateSource;
    }

    /** The where clause source, or null. */
    public String whereClause() {
        return whereSource;
    }

    /** The decoder clause, e.g. {@code argmax}. */
    public String decoderClause() {
        return decoderSource == null ? settings.toClause() : decoderSource;
    }

    /** The distribution clause source, or null. */
    public String distributionClause() {
        return distributionSource;
    }

    /** The model id, or null for the default model. */
    public String modelId() {
        return modelId;
    }

    /** The certificate name. */
    public String name() {
        return name == null ? DEFAULT_NAME : name;
    }

    /** The names of the template's holes, in order. */
    public List<String> holeNames() {
        return template.holeNames();
    }

    // ---- running ----

    /** Runs on the query's model (else the default model); one result. */
    public QueryResult run(Map<String, Object> args) {
        return run(null, args);
    }

    /**
     * Runs on the model (null: the query's model, else the default model) and returns the one result.
     *
     * @throws IllegalStateException when the decoder returns several results (use {@link #runAll})
     */
    public QueryResult run(LLM llm, Map<String, Object> args) {
        if (settings.returnsSeveral()) {
            throw new IllegalStateException("the decoder " + decoderClause() + " returns several results: use runAll");
        }
        return runAll(llm, args).get(0);
    }

    /** Runs and returns every result (n for sample, best first for the searches: beam, best_k, beam_var, ...). */
    public List<QueryResult> runAll(LLM llm, Map<String, Object> args) {
        return Calls.join(execute(new QueryCall(llm, args, null, null)));
    }

    /** Asynchronous {@link #run(LLM, Map)}. */
    public CompletableFuture<QueryResult> runAsync(LLM llm, Map<String, Object> args) {
        if (settings.returnsSeveral()) {
            return CompletableFuture.failedFuture(new IllegalStateException("the decoder " + decoderClause()
                    + " returns several results: use runAll or execute"));
        }
        return execute(new QueryCall(llm, args, null, null)).thenApply(list -> list.get(0));
    }

    /**
     * Runs the call: the general form generated code uses. Records an {@code lmql.Query} event (template, where,
     * decoder, distribution, model, arguments) and the {@code lmql.LMQLResult} event, and delivers the certificate
     * to the call's consumer and target.
     */
    public CompletableFuture<List<QueryResult>> execute(QueryCall call) {
        return execute(call, HoleListener.NONE);
    }

    /**
     * As {@link #execute(QueryCall)}, telling {@code listener} each hole's text token by token while it is generated
     * and its value as soon as it is filled (the CLI's {@code --stream}); see {@link HoleListener} for which holes
     * report partial text. The listener runs on the query's thread before the returned future completes.
     */
    public CompletableFuture<List<QueryResult>> execute(QueryCall call, HoleListener listener) {
        Objects.requireNonNull(call, "call");
        LLM llm;
        CertificateSink sink;
        try {
            llm = resolveModel(call.model());
            sink = Calls.both(call.certificateConsumer() == null ? null : CertificateSink.callback(call.certificateConsumer()),
                    call.certificateTarget() == null ? null : Calls.sink(call.certificateTarget(), name()));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        Map<String, Object> args = call.args();
        QueryPlan plan = plan();
        return Calls.traced(name(), sink, description(llm, args), llm.executor(),
                traced -> llm.runPlan(plan, args, null, traced.tracer(), listener),
                LLM::certificateResults)
                .thenApply(outcomes -> {
                    List<QueryResult> out = new ArrayList<>();
                    for (QueryOutcome o : outcomes) {
                        out.add(QueryResults.of(o));
                    }
                    return List.copyOf(out);
                });
    }

    private LLM resolveModel(LLM given) {
        if (given != null) {
            return given;
        }
        if (modelId == null) {
            return Lmql.defaultModel();
        }
        LLM m = model;
        if (m == null) {
            synchronized (modelLock) {
                m = model;
                if (m == null) {
                    m = Lmql.model(modelId);
                    model = m;
                }
            }
        }
        return m;
    }

    private QueryPlan plan() {
        DecodeSettings s = maxTokens == null ? settings : settings.withMaxTokens(maxTokens);
        return new QueryPlan(template, where, s, distribution);
    }

    /**
     * An argument as the certificate keeps it: strings, numbers, booleans and lists of them (for {@code X in param})
     * as they are, so replay passes the same values; anything else as its text, which is what the prompt saw.
     */
    private static Object recordable(Object value) {
        if (value instanceof Iterable<?> items) {
            List<Object> out = new ArrayList<>();
            items.forEach(e -> out.add(scalar(e)));
            return out;
        }
        if (value != null && value.getClass().isArray()) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < java.lang.reflect.Array.getLength(value); i++) {
                out.add(scalar(java.lang.reflect.Array.get(value, i)));
            }
            return out;
        }
        return scalar(value);
    }

    private static Object scalar(Object value) {
        return value instanceof String || value instanceof Number || value instanceof Boolean ? value
                : String.valueOf(value);
    }

    private Map<String, Object> description(LLM llm, Map<String, Object> args) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("template", templateSource);
        d.put("where", whereSource);
        d.put("decoder", plan().settings().toClause());
        d.put("distribution", distributionSource);
        d.put("model", llm.id());
        d.put("model_options", llm.stringOptions());
        Map<String, Object> a = new LinkedHashMap<>();
        args.forEach((k, v) -> a.put(k, recordable(v)));
        d.put("arguments", a);
        Map<String, Object> accessed = new LinkedHashMap<>();
        try {
            plan().accessedValues(args).forEach((k, v) -> accessed.put(k, recordable(v)));
        } catch (IllegalArgumentException e) {
            accessed.clear(); // the run itself reports the missing argument or accessor
        }
        if (!accessed.isEmpty()) {
            d.put("accessed_arguments", accessed);
        }
        d.values().removeIf(Objects::isNull);
        return d;
    }

    /**
     * Decoder settings from a parsed decoder clause, with LMQL's defaults (sample, beam_sample and var: temperature 1;
     * result counts as {@link DecoderClause#resultCount()}; var: b=2, subdecoder sample; beam_var: alpha 0.7).
     */
    static DecodeSettings settings(DecoderClause c) {
        DecodeSettings.Kind kind = DecodeSettings.Kind.forName(c.decoder().keyword());
        int n = c.resultCount();
        boolean samples = kind == DecodeSettings.Kind.SAMPLE || kind == DecodeSettings.Kind.BEAM_SAMPLE
                || kind == DecodeSettings.Kind.VAR;
        double temperature = samples ? c.doubleArgument(DecoderParameter.TEMPERATURE).orElse(1.0) : 0.0;
        Double topP = c.doubleArgument(DecoderParameter.TOP_P).isPresent()
                ? c.doubleArgument(DecoderParameter.TOP_P).getAsDouble() : null;
        Integer topK = c.longArgument(DecoderParameter.TOP_K).isPresent()
                ? (int) c.longArgument(DecoderParameter.TOP_K).getAsLong() : null;
        Long seed = c.longArgument(DecoderParameter.SEED).isPresent()
                ? c.longArgument(DecoderParameter.SEED).getAsLong() : null;
        Integer maxLen = c.longArgument(DecoderParameter.MAX_LEN).isPresent()
                ? (int) c.longArgument(DecoderParameter.MAX_LEN).getAsLong() : null;
        Integer maxTok = c.longArgument(DecoderParameter.MAX_TOKENS).isPresent()
                ? (int) c.longArgument(DecoderParameter.MAX_TOKENS).getAsLong() : null;
        Integer chunk = c.longArgument(DecoderParameter.CHUNKSIZE).isPresent()
                ? (int) c.longArgument(DecoderParameter.CHUNKSIZE).getAsLong() : null;
        DecodeSettings.Search d = DecodeSettings.Search.DEFAULTS;
        DecodeSettings.Search search = new DecodeSettings.Search(
                (int) Math.min(Integer.MAX_VALUE, c.longArgument(DecoderParameter.B).orElse(d.width())),
                kind == DecodeSettings.Kind.BSSEQ ? DecodeSettings.Subdecoder.BEAM_SEQ
                        : c.stringArgument(DecoderParameter.SUBDECODER).map(DecodeSettings.Subdecoder::forName)
                                .orElse(d.subdecoder()),
                c.doubleArgument(DecoderParameter.ALPHA).orElse(d.alpha()),
                c.booleanArgument(DecoderParameter.INJECT_STOP).orElse(d.injectStop()),
                c.doubleArgument(DecoderParameter.PRUNE).isPresent()
                        ? c.doubleArgument(DecoderParameter.PRUNE).getAsDouble() : null,
                c.booleanArgument(DecoderParameter.RETURN_FIRST).orElse(d.returnFirst()));
        return new DecodeSettings(kind, n, temperature, topP, topK, seed, maxLen, maxTok, chunk, search);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("LmqlQuery(").append(dev.lmql.lang.LmqlPrinter.quote(templateSource));
        if (whereSource != null) {
            b.append(" where ").append(whereSource);
        }
        b.append(", decoder=").append(decoderClause());
        if (distributionSource != null) {
            b.append(", distribution ").append(distributionSource);
        }
        if (modelId != null) {
            b.append(", model=").append(modelId);
        }
        return b.append(')').toString();
    }
}
