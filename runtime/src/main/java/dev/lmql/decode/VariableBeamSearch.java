package dev.lmql.decode;

import dev.lmql.backend.FinishReason;
import dev.lmql.backend.LogitsModel;
import dev.lmql.backend.MaskedDecoder;
import dev.lmql.constraint.ConstraintState;
import dev.lmql.constraint.ConstraintViolationException;
import dev.lmql.constraint.TokenConstraint;
import dev.lmql.lang.TemplatePart;
import dev.lmql.tokenizer.Tokenizer;
import dev.lmql.trace.ModelCallEvent;
import dev.lmql.trace.Tracer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * LMQL's {@code beam_var}: one token-level beam search over the whole query. Hypotheses in different holes compete
 * in one beam; the fixed text between holes is appended as soon as a hole ends (LMQL expands it by argmax). Each step
 * extends every hypothesis by its {@code n} most likely tokens, then keeps a beam chosen as Post &amp; Vilar do for
 * lexically constrained decoding (arXiv:1804.06609): the {@code n} best overall plus the best continuation of every
 * hypothesis, divided into banks by how many holes a hypothesis has completed, each bank getting its share of
 * {@code n} slots. Hypotheses rank by {@code sum of log-probabilities / generated tokens^alpha}.
 *
 * <p>As in LMQL, the search ends when no hypothesis is live, when {@code 2n} hypotheses have finished, or when
 * {@code n} have finished and no live one scores above the worst of them; {@code return_first} ends it at the first
 * finished hypothesis, and {@code prune} drops live hypotheses whose summed log-probability is at most {@code prune}
 * times the best finished one's. Results: the best {@code n} finished hypotheses by that score.
 */
final class VariableBeamSearch {
    private final LogitsModel model;
    private final Tokenizer tok;
    private final DecodeSettings settings;
    private final List<TemplatePart> parts;
    private final Map<String, Object> args;
    private final Tracer tracer;
    private final int end;
    private final Map<Integer, TokenConstraint> constraints = new HashMap<>();
    private final Map<Integer, TemplatePart.Hole> holes = new HashMap<>();
    private long nextId;

    /** A live hypothesis inside a hole. */
    private record Beam(long id, long parent, Hypothesis h, int part, int limit, int[] holeTokens,
            ConstraintState state, double holeLogprob, int holesDone, int generated, boolean injected) {
        double sum() {
            return h.logprob() + holeLogprob;
        }

        int tokens() {
            return generated + holeTokens.length;
        }

        int[] context() {
            return Hypothesis.concat(h.tokens(), holeTokens);
        }
    }

    /** A finished hypothesis with the number of tokens it generated. */
    private record Done(Hypothesis h, int generated) {
    }

    VariableBeamSearch(LogitsModel model, DecodeSettings settings, QueryPlan plan, Map<String, Object> args,
            Tracer tracer) {
        this.model = model;
        this.tok = model.tokenizer();
        this.settings = settings;
        this.parts = plan.template().parts();
        this.args = args;
        this.tracer = tracer;
        int stop = parts.size();
        if (plan.distribution() != null) {
            List<TemplatePart.Hole> all = plan.template().holes();
            stop = parts.indexOf(all.get(all.size() - 1));
        }
        this.end = stop;
        for (int p = 0; p < end; p++) {
            if (parts.get(p) instanceof TemplatePart.Hole) {
                TemplatePart.Hole hole = (TemplatePart.Hole) parts.get(p);
                constraints.put(p, HoleConstraints.compile(plan.where(), hole.name(), hole.type(), args, tok));
                holes.put(p, ValueConverter.typed(plan.where(), hole));
            }
        }
    }

    /** The index of the first template part the search leaves to the interpreter (the distribution hole, or none). */
    int end() {
        return end;
    }

    /** Runs the search; the best {@code n} finished hypotheses, best first. */
    List<Hypothesis> run() {
        int n = settings.n();
        double alpha = settings.search().alpha();
        Hypothesis start = Hypothesis.start(tok);
        List<Beam> live = new ArrayList<>();
        List<Done> done = new ArrayList<>();
        advance(start, 0, 0, 0, -1, live, done);
        int[] prompt = live.isEmpty() ? null : live.get(0).h().tokens();
        int completed = done.size();
        while (!live.isEmpty()) {
            List<Beam> next = new ArrayList<>();
            List<Done> finished = new ArrayList<>();
            for (Beam b : live) {
                expand(b, n, next, finished);
                if (settings.search().injectStop() && !b.injected()) {
                    injectStops(b, next, finished);
                }
            }
            next = distinct(next);
            completed += finished.size();
            done.addAll(finished);
            if (!done.isEmpty() && settings.search().prune() != null) {
                double ref = done.stream().mapToDouble(d -> d.h().logprob()).max().getAsDouble()
                        * settings.search().prune();
                next.removeIf(b -> b.sum() <= ref);
            }
            done.sort(Comparator.comparingDouble((Done d) -> score(d.h().logprob(), d.generated(), alpha)).reversed());
            if (done.size() > n) {
                done = new ArrayList<>(done.subList(0, n));
            }
            if (next.isEmpty() || completed >= 2 * n || done.size() >= n && bestScore(next, alpha)
                    < score(done.get(done.size() - 1).h().logprob(), done.get(done.size() - 1).generated(), alpha)) {
                break;
            }
            live = allocate(next, n, alpha);
            if (!done.isEmpty() && settings.search().returnFirst()) {
                break;
            }
        }
        if (done.isEmpty()) {
            throw new ConstraintViolationException(
                    "beam_var found no run of the query that satisfies the where clause");
        }
        record(prompt == null ? start.tokens() : prompt, done);
        List<Hypothesis> out = new ArrayList<>();
        for (Done d : done) {
            out.add(d.h());
        }
        return out;
    }

    /** LMQL's length-normalised score: sum / tokens^alpha, 0 without tokens. */
    static double score(double logprob, int tokens, double alpha) {
        return tokens == 0 ? 0.0 : logprob / Math.pow(tokens, alpha);
    }

    private static double bestScore(List<Beam> beams, double alpha) {
        double best = Double.NEGATIVE_INFINITY;
        for (Beam b : beams) {
            best = Math.max(best, score(b.sum(), b.tokens(), alpha));
        }
        return best;
    }

    /** Extends a live hypothesis by its {@code n} most likely next tokens (or closes its hole). */
    private void expand(Beam b, int n, List<Beam> next, List<Done> finished) {
        for (TokenSearch.Step s : TokenSearch.steps(model, b.context(), b.state(), n)) {
            if (s.token() == tok.eos()) {
                close(b, b.holeTokens(), b.holeLogprob() + s.logprob(), FinishReason.EOS, b.id(), next, finished);
            } else {
                grow(b, b.holeTokens(), b.state(), new int[] {s.token()}, s.logprob(), false, next, finished);
            }
        }
    }

    /** Appends tokens to the hole (their summed log-probability given), closing it when it completes or is full. */
    private void grow(Beam b, int[] before, ConstraintState state, int[] add, double logprob, boolean injected,
            List<Beam> next, List<Done> finished) {
        for (int t : add) {
            state = state.advance(t);
        }
        int[] tokens = Hypothesis.concat(before, add);
        double lp = b.holeLogprob() + logprob;
        if (state.isComplete()) {
            close(b, tokens, lp, FinishReason.STOP, b.id(), next, finished);
        } else if (tokens.length >= b.limit()) {
            close(b, tokens, lp, FinishReason.LENGTH, b.id(), next, finished);
        } else {
            next.add(new Beam(nextId++, b.id(), b.h(), b.part(), b.limit(), tokens, state, lp, b.holesDone(),
                    b.generated(), injected));
        }
    }

    /** Ends the hole with this value and moves on to the next hole or the end of the query. */
    private void close(Beam b, int[] tokens, double logprob, FinishReason reason, long parent, List<Beam> next,
            List<Done> finished) {
        Candidate cand = new Candidate(tokens, tok.decode(tokens), logprob, reason);
        Hypothesis h = QueryInterpreter.apply(b.h(), holes.get(b.part()), constraints.get(b.part()), cand, tok);
        advance(h, b.part() + 1, b.holesDone() + 1, b.generated() + tokens.length, parent, next, finished);
    }

    /**
     * Appends the fixed parts from {@code part} on and opens the next hole; holes that may take no token are closed
     * empty at once; past the last hole the hypothesis is finished.
     */
    private void advance(Hypothesis h, int part, int holesDone, int generated, long parent, List<Beam> next,
            List<Done> finished) {
        for (int p = part; p < end; p++) {
            TemplatePart tp = parts.get(p);
            if (!(tp instanceof TemplatePart.Hole)) {
                h = QueryInterpreter.appendFixed(h, tp, args, tok);
                continue;
            }
            TokenConstraint c = constraints.get(p);
            Integer limit = HoleFiller.limit(settings, h);
            int max = limit == null ? Integer.MAX_VALUE : limit;
            if (c.maxTokens().isPresent()) {
                max = Math.min(max, c.maxTokens().getAsInt());
            }
            if (max == 0) {
                Candidate empty = new Candidate(new int[0], "", 0.0, FinishReason.LENGTH);
                h = QueryInterpreter.apply(h, holes.get(p), c, empty, tok);
                holesDone++;
                continue;
            }
            next.add(new Beam(nextId++, parent, h, p, max, new int[0], c.start(), 0.0, holesDone, generated, false));
            return;
        }
        finished.add(new Done(h, generated));
    }

    /** LMQL's inject_stop: each stop phrase of the hole, scored token by token, as one more continuation. */
    private void injectStops(Beam b, List<Beam> next, List<Done> finished) {
        for (TokenConstraint.StopPhrase phrase : constraints.get(b.part()).stopPhrases()) {
            int[] ids = tok.encode(phrase.text());
            ConstraintState state = b.state();
            double lp = 0;
            boolean allowed = ids.length > 0 && b.holeTokens().length + ids.length <= b.limit();
            int[] context = b.context();
            for (int i = 0; i < ids.length && allowed; i++) {
                if (state.isComplete() || !state.allowedTokens().contains(ids[i])) {
                    allowed = false;
                    break;
                }
                float[] masked = MaskedDecoder.maskedLogprobs(model, context, state);
                lp += masked[ids[i]];
                state = state.advance(ids[i]);
                context = Hypothesis.concat(context, new int[] {ids[i]});
            }
            if (allowed && lp > Double.NEGATIVE_INFINITY) {
                grow(b, b.holeTokens(), b.state(), ids, lp, true, next, finished);
            }
        }
    }

    /** Each (hole, prompt) once, keeping the best-scoring copy (an injected stop phrase may repeat an expansion). */
    private static List<Beam> distinct(List<Beam> beams) {
        Map<String, Beam> best = new LinkedHashMap<>();
        for (Beam b : beams) {
            String key = b.part() + ":" + Arrays.toString(b.context());
            Beam seen = best.get(key);
            if (seen == null || b.sum() > seen.sum()) {
                best.put(key, b);
            }
        }
        return new ArrayList<>(best.values());
    }

    /**
     * Post &amp; Vilar's beam allocation: the pool is the {@code k} best overall plus the best continuation of every
     * predecessor; banks by completed holes get their slots from {@link #bankSizes}, each filled with its best.
     */
    private static List<Beam> allocate(List<Beam> candidates, int k, double alpha) {
        Comparator<Beam> order = Comparator.comparingDouble((Beam b) -> score(b.sum(), b.tokens(), alpha)).reversed();
        List<Beam> sorted = new ArrayList<>(candidates);
        sorted.sort(order);
        Map<Long, Beam> pool = new LinkedHashMap<>();
        for (Beam b : sorted.subList(0, Math.min(k, sorted.size()))) {
            pool.put(b.id(), b);
        }
        Map<Long, Beam> bestPerParent = new LinkedHashMap<>();
        for (Beam b : sorted) {
            bestPerParent.putIfAbsent(b.parent(), b);
        }
        for (Beam b : bestPerParent.values()) {
            pool.putIfAbsent(b.id(), b);
        }
        Map<Integer, Integer> counts = new TreeMap<>();
        for (Beam b : pool.values()) {
            counts.merge(b.holesDone(), 1, Integer::sum);
        }
        Map<Integer, Integer> sizes = bankSizes(counts, k);
        List<Beam> ordered = new ArrayList<>(pool.values());
        ordered.sort(order);
        Map<Integer, Integer> taken = new HashMap<>();
        List<Beam> out = new ArrayList<>();
        for (Beam b : ordered) {
            int used = taken.getOrDefault(b.holesDone(), 0);
            if (used < sizes.getOrDefault(b.holesDone(), 0)) {
                taken.put(b.holesDone(), used + 1);
                out.add(b);
            }
        }
        return out;
    }

    /**
     * Post &amp; Vilar's bank sizes: {@code beamSize} slots split evenly over the banks present (the remainder to the
     * bank with the most completed holes); slots a bank cannot fill roll over first to banks with more completed
     * holes, then what is still left over to banks with fewer.
     *
     * @param counts hypotheses per bank (number of completed holes → count), for the banks present
     */
    static Map<Integer, Integer> bankSizes(Map<Integer, Integer> counts, int beamSize) {
        List<Integer> banks = new ArrayList<>(new TreeSet<>(counts.keySet()));
        Map<Integer, Integer> sizes = new LinkedHashMap<>();
        if (banks.isEmpty()) {
            return sizes;
        }
        int each = beamSize / banks.size();
        for (Integer bank : banks) {
            sizes.put(bank, each);
        }
        Integer top = banks.get(banks.size() - 1);
        sizes.put(top, each + beamSize - each * banks.size());
        int rollOver = 0;
        for (Integer bank : banks) {
            rollOver = settle(sizes, counts, bank, rollOver);
        }
        for (int i = banks.size() - 1; i >= 0; i--) {
            rollOver = settle(sizes, counts, banks.get(i), rollOver);
        }
        return sizes;
    }

    /** Gives the bank the rolled-over slots, keeps what it can fill, returns the surplus. */
    private static int settle(Map<Integer, Integer> sizes, Map<Integer, Integer> counts, Integer bank, int rollOver) {
        int size = sizes.get(bank) + rollOver;
        int surplus = Math.max(0, size - counts.getOrDefault(bank, 0));
        sizes.put(bank, size - surplus);
        return surplus;
    }

    /** One event for the whole search: the prompt up to the first hole and each result's continuation of it. */
    private void record(int[] prompt, List<Done> done) {
        String backend = String.valueOf(model.identity().getOrDefault("backend", model.id()));
        ModelCallEvent event = ModelCallEvent.generation(backend);
        event.model(model.identity())
                .tokenizer(tok.name())
                .promptIds(prompt)
                .maxTokens(settings.maxTokens())
                .param("decoder", settings.decoder().keyword())
                .param("n", settings.n())
                .param("alpha", settings.search().alpha())
                .strategy("token-mask");
        if (settings.search().injectStop()) {
            event.param("inject_stop", true);
        }
        if (settings.search().prune() != null) {
            event.param("prune", settings.search().prune());
        }
        if (settings.search().returnFirst()) {
            event.param("return_first", true);
        }
        for (Done d : done) {
            int[] all = d.h().tokens();
            int[] cont = all.length >= prompt.length ? Arrays.copyOfRange(all, prompt.length, all.length) : all;
            FinishReason last = d.h().finishReasons().isEmpty() ? FinishReason.LENGTH
                    : new ArrayList<>(d.h().finishReasons().values()).get(d.h().finishReasons().size() - 1);
            event.result(cont, tok.decode(cont), last.wireName());
        }
        event.record(tracer);
    }
}
