package dev.lmql.decode;

import dev.lmql.backend.TokenListener;
import dev.lmql.constraint.TokenConstraint;
import dev.lmql.lang.DistributionClause;
import dev.lmql.lang.HoleType;
import dev.lmql.lang.TemplatePart;
import dev.lmql.tokenizer.Tokenizer;
import dev.lmql.trace.Tracer;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs a {@link QueryPlan}: renders the template part by part — text, interpolated arguments (inserted as plain
 * text, never re-parsed), role tags — and fills each hole under its constraint with the plan's decoder, carrying
 * every hypothesis forward (one for argmax, n for sample, the n best for beam, best_k, beam_sample, var and bsseq).
 * beam_var instead runs one token-level search over the whole query ({@link VariableBeamSearch}). The distribution
 * variable, last, is scored instead of generated.
 */
public final class QueryInterpreter {
    private final ModelCalls calls;
    private final Tracer tracer;
    private final HoleListener listener;

    public QueryInterpreter(ModelCalls calls, Tracer tracer) {
        this(calls, tracer, HoleListener.NONE);
    }

    /**
     * An interpreter that tells {@code listener} each hole's text as it is generated (where that is well defined, see
     * {@link HoleListener}) and its value as soon as it is filled.
     */
    public QueryInterpreter(ModelCalls calls, Tracer tracer, HoleListener listener) {
        this.calls = calls;
        this.tracer = tracer == null ? Tracer.NONE : tracer;
        this.listener = listener == null ? HoleListener.NONE : listener;
    }

    /** Runs the query with the arguments; results best first for beam and best_k. */
    public List<QueryOutcome> run(QueryPlan plan, Map<String, Object> args) {
        Tokenizer tok = calls.model().tokenizer();
        DecodeSettings settings = plan.settings();
        HoleFiller filler = new HoleFiller(calls, settings, tracer);
        List<Hypothesis> hyps = List.of(Hypothesis.start(tok));
        int holeIndex = 0;
        List<TemplatePart> parts = plan.template().parts();
        if (settings.decoder() == DecodeSettings.Kind.BEAM_VAR) {
            VariableBeamSearch search = new VariableBeamSearch(HoleFiller.logitsModel(calls, settings), settings, plan,
                    args, tracer);
            hyps = search.run();
            int end = search.end();
            for (TemplatePart.Hole hole : plan.template().holes()) {
                if (parts.indexOf(hole) < end) {
                    for (int i = 0; i < hyps.size(); i++) {
                        listener.onValue(i, hole.name(), hyps.get(i).variables().get(hole.name()));
                    }
                    holeIndex++;
                }
            }
            parts = parts.subList(end, parts.size());
        }
        for (TemplatePart part : parts) {
            if (!(part instanceof TemplatePart.Hole)) {
                hyps = map(hyps, h -> appendFixed(h, part, args, tok));
            } else {
                TemplatePart.Hole hole = (TemplatePart.Hole) part;
                DistributionClause dist = plan.distribution();
                if (dist != null && dist.variable().equals(hole.name()) && holeIndex == plan.template().holes().size() - 1) {
                    List<String> values = distributionValues(dist, args);
                    List<Hypothesis> next = new ArrayList<>();
                    for (Hypothesis h : hyps) {
                        Map<String, Double> d = DistributionScorer.score(calls, h, values, tracer);
                        next.add(DistributionScorer.apply(h, hole.name(), d, tok).withVariable(distKey(hole.name()), d));
                    }
                    hyps = next;
                } else {
                    TokenConstraint c = HoleConstraints.compile(plan.where(), hole, args, tok);
                    hyps = fillHole(filler, settings, hyps, ValueConverter.typed(plan.where(), hole), c, holeIndex, tok);
                }
                for (int i = 0; i < hyps.size(); i++) {
                    listener.onValue(i, hole.name(), hyps.get(i).variables().get(hole.name()));
                }
                holeIndex++;
            }
        }
        List<QueryOutcome> out = new ArrayList<>();
        for (Hypothesis h : hyps) {
            out.add(outcome(h, plan.distribution()));
        }
        return out;
    }

    /** Appends a part that is not a hole: text, an interpolated argument or a role tag. */
    static Hypothesis appendFixed(Hypothesis h, TemplatePart part, Map<String, Object> args, Tokenizer tok) {
        if (part instanceof TemplatePart.Text) {
            return h.appendText(((TemplatePart.Text) part).text(), tok);
        } else if (part instanceof TemplatePart.Interpolation) {
            TemplatePart.Interpolation in = (TemplatePart.Interpolation) part;
            return h.appendText(Interpolations.text(Interpolations.resolve(in.parameter(), in.accessors(), args)), tok);
        } else if (part instanceof TemplatePart.RoleTag) {
            return h.appendRole(((TemplatePart.RoleTag) part).role().tagName(), tok);
        }
        throw new IllegalArgumentException("a hole is not fixed text: " + part);
    }

    private List<Hypothesis> fillHole(HoleFiller filler, DecodeSettings settings, List<Hypothesis> hyps,
            TemplatePart.Hole hole, TokenConstraint c, int holeIndex, Tokenizer tok) {
        List<Hypothesis> next = new ArrayList<>();
        boolean fanOut = settings.decoder() == DecodeSettings.Kind.SAMPLE && hyps.size() == 1 && settings.n() > 1;
        for (int i = 0; i < hyps.size(); i++) {
            Hypothesis h = hyps.get(i);
            int count = fanOut ? settings.n() : 1;
            TokenListener partials = hole.type() == HoleType.TEXT && listener != HoleListener.NONE
                    ? new PartialReporter(tok, c, hole.name(), next.size(), listener) : TokenListener.NONE;
            for (Candidate cand : filler.fill(h, c, count, HoleFiller.stepSeed(settings.seed(), i, holeIndex),
                    partials)) {
                next.add(apply(h, hole, c, cand, tok));
            }
        }
        if (settings.decoder() != DecodeSettings.Kind.ARGMAX && settings.decoder() != DecodeSettings.Kind.SAMPLE) {
            // searches keep the n best hypotheses; the same prompt reached twice (equal samples) counts once
            next.sort(Comparator.comparingDouble(Hypothesis::logprob).reversed());
            next = distinctPrompts(next);
            if (next.size() > settings.n()) {
                next = new ArrayList<>(next.subList(0, settings.n()));
            }
        }
        return next;
    }

    /** The hypotheses in order, each prompt (token sequence) kept once: the first, best scoring one. */
    static List<Hypothesis> distinctPrompts(List<Hypothesis> sorted) {
        List<Hypothesis> out = new ArrayList<>();
        Set<List<Integer>> seen = new HashSet<>();
        for (Hypothesis h : sorted) {
            if (seen.add(Arrays.stream(h.tokens()).boxed().toList())) {
                out.add(h);
            }
        }
        return out;
    }

    /** Post-processes a candidate and appends it: the prompt keeps the tokens the model produced when unchanged. */
    static Hypothesis apply(Hypothesis h, TemplatePart.Hole hole, TokenConstraint c, Candidate cand, Tokenizer tok) {
        String value = c.postProcess(cand.rawText());
        int[] tokens = value.equals(cand.rawText()) ? cand.tokens() : tok.encode(value);
        Object converted = ValueConverter.convert(hole.name(), hole.type(), value);
        return h.appendValue(hole.name(), converted, value, tokens, cand.logprob(), cand.finish());
    }

    private static String distKey(String variable) {
        return "P(" + variable + ")";
    }

    @SuppressWarnings("unchecked")
    private static QueryOutcome outcome(Hypothesis h, DistributionClause dist) {
        Map<String, Object> vars = new java.util.LinkedHashMap<>(h.variables());
        Map<String, Double> d = null;
        if (dist != null) {
            d = (Map<String, Double>) vars.remove(distKey(dist.variable()));
        }
        return new QueryOutcome(h.text(), h.tokens(), vars, dist == null ? null : dist.variable(), d, h.logprob(),
                h.finishReasons());
    }

    /** The distribution's values: the literal list, or the named argument (a collection or array of values). */
    static List<String> distributionValues(DistributionClause dist, Map<String, Object> args) {
        if (dist.valuesParameter().isEmpty()) {
            return dist.literalValues();
        }
        String name = dist.valuesParameter().get();
        if (!args.containsKey(name)) {
            throw new IllegalArgumentException("the distribution clause takes its values from the argument \"" + name
                    + "\", which was not given; arguments: " + args.keySet());
        }
        Object v = args.get(name);
        List<String> out = new ArrayList<>();
        if (v instanceof Collection) {
            for (Object o : (Collection<?>) v) {
                out.add(String.valueOf(o));
            }
        } else if (v != null && v.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(v); i++) {
                out.add(String.valueOf(Array.get(v, i)));
            }
        } else {
            throw new IllegalArgumentException("the distribution values \"" + name
                    + "\" must be a collection or an array of strings, got " + (v == null ? "null" : v.getClass().getName()));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("the distribution values \"" + name + "\" are empty");
        }
        return out;
    }

    private static List<Hypothesis> map(List<Hypothesis> hyps, java.util.function.UnaryOperator<Hypothesis> f) {
        List<Hypothesis> out = new ArrayList<>(hyps.size());
        for (Hypothesis h : hyps) {
            out.add(f.apply(h));
        }
        return out;
    }
}
