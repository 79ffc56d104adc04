package dev.lmql.decode;

import dev.lmql.backend.FinishReason;
import dev.lmql.backend.TokenListener;
import dev.lmql.constraint.TokenConstraint;
import dev.lmql.lang.Expr;
import dev.lmql.lang.HoleType;
import dev.lmql.lang.Role;
import dev.lmql.lang.SourcePosition;
import dev.lmql.lang.TemplatePart;
import dev.lmql.lang.WhereParser;
import dev.lmql.tokenizer.Tokenizer;
import dev.lmql.trace.Tracer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scripted prompting: one growing prompt bound to a model, driven by Java code. Code appends text, fills a hole
 * under a where clause, reads the value, branches and loops, and continues the same prompt — so local models reuse
 * their KV cache for the shared prefix.
 *
 * <pre>{@code
 * Session s = llm.session();
 * s.append("Q: Name three colours.\n");
 * for (int i = 1; i <= 3; i++) {
 *     s.append(i + ". ");
 *     String colour = s.fill("COLOUR", "STOPS_AT(COLOUR, \"\\n\")");
 *     if (colour.contains("red")) { break; }
 * }
 * }</pre>
 *
 * A session decodes one sequence (argmax, or sample with n = 1). Not thread-safe: use one session per thread.
 */
public final class Session {
    private final ModelCalls calls;
    private final DecodeSettings settings;
    private final Tracer tracer;
    private final Tokenizer tokenizer;
    private final Map<String, Object> args = new LinkedHashMap<>();
    private Hypothesis current;
    private int fills;
    private HoleListener listener = HoleListener.NONE;

    /**
     * @throws IllegalArgumentException for decoders that keep several hypotheses (beam, best_k, beam_sample,
     *                                  beam_var, var, bsseq, n &gt; 1)
     */
    public Session(ModelCalls calls, DecodeSettings settings, Tracer tracer) {
        if (settings.decoder() != DecodeSettings.Kind.ARGMAX && settings.decoder() != DecodeSettings.Kind.SAMPLE
                || settings.n() != 1) {
            throw new IllegalArgumentException("a session follows one prompt: use argmax or sample(n=1), not "
                    + settings.toClause());
        }
        this.calls = calls;
        this.settings = settings;
        this.tracer = tracer == null ? Tracer.NONE : tracer;
        this.tokenizer = calls.model().tokenizer();
        this.current = Hypothesis.start(tokenizer);
    }

    /** Appends literal text to the prompt. */
    public Session append(String text) {
        current = current.appendText(text, tokenizer);
        return this;
    }

    /** Switches the chat role ({@code system}, {@code user} or {@code assistant}). */
    public Session role(String role) {
        Role r = Role.forTagName(role).orElseThrow(() -> new IllegalArgumentException("unknown role \"" + role
                + "\": use system, user or assistant"));
        current = current.appendRole(r.tagName(), tokenizer);
        return this;
    }

    /**
     * Tells {@code listener} the text of each hole this session fills while it is generated and its value when it
     * is done (result index 0; see {@link HoleListener} for which holes report partial text).
     */
    public Session listen(HoleListener listener) {
        this.listener = listener == null ? HoleListener.NONE : listener;
        return this;
    }

    /** Binds a value that where clauses can name ({@code X in options}). */
    public Session bind(String name, Object value) {
        args.put(name, value);
        return this;
    }

    /** Fills a free-text hole and returns its value. */
    public String fill(String name) {
        return (String) fill(name, HoleType.TEXT, null);
    }

    /** Fills a hole under a where clause (LMQL syntax, e.g. {@code STOPS_AT(X, ".")}) and returns its value. */
    public String fill(String name, String where) {
        return String.valueOf(fill(name, HoleType.TEXT, where));
    }

    /**
     * Fills a typed hole ({@code int} → Long, {@code float} → Double, {@code bool} → Boolean) under an optional
     * where clause and returns its value.
     *
     * @throws dev.lmql.lang.QuerySyntaxException when the where clause does not parse
     */
    public Object fill(String name, HoleType type, String where) {
        Expr expr = where == null || where.isBlank() ? null : WhereParser.parse(where);
        TemplatePart.Hole hole = new TemplatePart.Hole(name, type, SourcePosition.START);
        TokenConstraint c = HoleConstraints.compile(expr, name, type, args, tokenizer);
        HoleFiller filler = new HoleFiller(calls, settings, tracer);
        TemplatePart.Hole typed = ValueConverter.typed(expr, hole);
        TokenListener partials = typed.type() == HoleType.TEXT && listener != HoleListener.NONE
                ? new PartialReporter(tokenizer, c, name, 0, listener) : TokenListener.NONE;
        Candidate cand = filler.fill(current, c, 1, HoleFiller.stepSeed(settings.seed(), 0, fills++), partials)
                .get(0);
        current = QueryInterpreter.apply(current, typed, c, cand, tokenizer);
        Object value = current.variables().get(name);
        listener.onValue(0, name, value);
        return value;
    }

    /**
     * Scores the values as continuations of the prompt (the distribution clause), continues the prompt with the
     * most likely one, stores it as the variable, and returns value → probability, most likely first.
     */
    public Map<String, Double> distribution(String name, List<String> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("distribution values must not be empty");
        }
        Map<String, Double> d = DistributionScorer.score(calls, current, values, tracer);
        current = DistributionScorer.apply(current, name, d, tokenizer);
        return d;
    }

    /** A variable's value. */
    public Object get(String name) {
        if (!current.variables().containsKey(name)) {
            throw new IllegalArgumentException("no variable " + name + " was filled; variables: "
                    + current.variables().keySet());
        }
        return current.variables().get(name);
    }

    /** All values so far, in fill order (a name filled twice keeps its last value). */
    public Map<String, Object> variables() {
        return current.variables();
    }

    /** Why each hole ended. */
    public Map<String, FinishReason> finishReasons() {
        return current.finishReasons();
    }

    /** The prompt so far, exactly as the model sees it. */
    public String prompt() {
        return current.text();
    }

    /** The prompt's token ids. */
    public int[] promptTokens() {
        return current.tokens().clone();
    }

    /** The summed log-probability of all generated tokens. */
    public double logprob() {
        return current.logprob();
    }
}
