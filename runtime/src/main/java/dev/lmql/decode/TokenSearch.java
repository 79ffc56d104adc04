package dev.lmql.decode;

import dev.lmql.backend.FinishReason;
import dev.lmql.backend.LogitsModel;
import dev.lmql.backend.MaskedDecoder;
import dev.lmql.backend.SamplingParams;
import dev.lmql.backend.SeededRandom;
import dev.lmql.constraint.ConstraintState;
import dev.lmql.constraint.TokenMask;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Token-level searches over a {@link LogitsModel} under a hole's constraint: beam search and best-first (best_k).
 * Scores are sums of log-probabilities of the masked, renormalised distribution; results are sorted by score,
 * best first.
 */
final class TokenSearch {
    /** Continuations expanded per node in best-first search (LMQL's {@code top_k_continuations}). */
    static final int BEST_K_BRANCHING = 5;
    /** Node expansions per requested result before best-first search gives up and returns partial values. */
    static final int BEST_K_BUDGET_PER_RESULT = 64;

    private TokenSearch() {
    }

    /** A partial value: its tokens, constraint state and score. */
    record Node(int[] tokens, ConstraintState state, double logprob) {
        Node extend(int token, ConstraintState next, double lp) {
            int[] t = Arrays.copyOf(tokens, tokens.length + 1);
            t[tokens.length] = token;
            return new Node(t, next, logprob + lp);
        }
    }

    /** One possible next step from a node. */
    record Step(int token, double logprob) {
    }

    /** How a beam grows: the next steps of a node. */
    @FunctionalInterface
    interface Expander {
        List<Step> next(LogitsModel model, int[] prompt, Node node);
    }

    /** How beams and finished values rank: higher is better. */
    @FunctionalInterface
    interface Ranking {
        double score(double logprob, int tokens);
    }

    /** Ranks by summed log-probability. */
    static final Ranking SUM = (logprob, tokens) -> logprob;

    /** LMQL's length normalisation: sum / tokens^alpha (0 for no tokens). */
    static Ranking lengthNormalised(double alpha) {
        return (logprob, tokens) -> tokens == 0 ? 0.0 : logprob / Math.pow(tokens, alpha);
    }

    /** Beam search keeping {@code width} beams; returns up to {@code width} finished values, best first. */
    static List<Candidate> beam(LogitsModel model, int[] prompt, ConstraintState start, int width, int limit) {
        return beam(model, prompt, start, width, limit, (m, p, node) -> steps(m, p, node, width), SUM, "beam search");
    }

    /**
     * Beam search ranked by length-normalised score (LMQL's {@code beam_seq}): beams, finished values and the early
     * stop compare sum / tokens^alpha; results best first by that score.
     */
    static List<Candidate> beamSeq(LogitsModel model, int[] prompt, ConstraintState start, int width, int limit,
            double alpha) {
        return beam(model, prompt, start, width, limit, (m, p, node) -> steps(m, p, node, width),
                lengthNormalised(alpha), "beam_seq search");
    }

    /**
     * Beam search whose beams grow by {@code width} tokens drawn at {@code temperature} (duplicates merged) instead of
     * the most likely ones; scores are the untempered log-probabilities, so the best samples survive.
     */
    static List<Candidate> beamSample(LogitsModel model, int[] prompt, ConstraintState start, int width, int limit,
            double temperature, SeededRandom rng) {
        SamplingParams params = new SamplingParams(temperature, null, null, null, 1);
        return beam(model, prompt, start, width, limit, (m, p, node) -> sampledSteps(m, p, node, width, params, rng),
                SUM, "beam_sample search");
    }

    private static List<Candidate> beam(LogitsModel model, int[] prompt, ConstraintState start, int width, int limit,
            Expander expander, Ranking ranking, String name) {
        Comparator<Node> nodeOrder = Comparator.comparingDouble((Node n) -> ranking.score(n.logprob(),
                n.tokens().length)).reversed();
        Comparator<Candidate> doneOrder = Comparator.comparingDouble((Candidate c) -> ranking.score(c.logprob(),
                c.tokens().length)).reversed();
        List<Candidate> finished = new ArrayList<>();
        List<Node> beams = List.of(new Node(new int[0], start, 0.0));
        for (int step = 0; !beams.isEmpty(); step++) {
            if (step >= limit) {
                for (Node b : beams) {
                    finished.add(candidate(model, b, FinishReason.LENGTH));
                }
                break;
            }
            List<Node> next = new ArrayList<>();
            for (Node b : beams) {
                if (b.state().isComplete()) {
                    finished.add(candidate(model, b, FinishReason.STOP));
                    continue;
                }
                for (Step s : expander.next(model, prompt, b)) {
                    if (s.token() == model.tokenizer().eos()) {
                        finished.add(new Candidate(b.tokens(), model.tokenizer().decode(b.tokens()),
                                b.logprob() + s.logprob(), FinishReason.EOS));
                    } else {
                        next.add(b.extend(s.token(), b.state().advance(s.token()), s.logprob()));
                    }
                }
            }
            next.sort(nodeOrder);
            beams = next.size() > width ? next.subList(0, width) : next;
            finished.sort(doneOrder);
            // with summed scores, which only decrease, no live beam can beat a full set of better finished values
            // (for length-normalised ranking this is LMQL's heuristic stop)
            if (finished.size() >= width && !beams.isEmpty()) {
                Candidate worst = finished.get(width - 1);
                Node best = beams.get(0);
                if (ranking.score(worst.logprob(), worst.tokens().length)
                        >= ranking.score(best.logprob(), best.tokens().length)) {
                    break;
                }
            }
        }
        finished.sort(doneOrder);
        if (finished.isEmpty()) {
            throw new dev.lmql.constraint.ConstraintViolationException(
                    name + " found no value that satisfies the constraint");
        }
        return List.copyOf(finished.size() > width ? finished.subList(0, width) : finished);
    }

    /**
     * Best-first search: always expands the highest-scoring partial value; returns the first {@code k} values
     * that finish (which, scores only decreasing, are the {@code k} best), or, when the expansion budget runs out,
     * fills up with the best partial values (finish reason {@code length}).
     */
    static List<Candidate> bestK(LogitsModel model, int[] prompt, ConstraintState start, int k, int limit) {
        PriorityQueue<Node> open = new PriorityQueue<>(Comparator.comparingDouble(Node::logprob).reversed());
        open.add(new Node(new int[0], start, 0.0));
        List<Candidate> results = new ArrayList<>();
        int budget = BEST_K_BUDGET_PER_RESULT * k;
        // finished values wait in the queue as nodes with a marker, so they come out in score order
        PriorityQueue<Candidate> done = new PriorityQueue<>(Comparator.comparingDouble(Candidate::logprob).reversed());
        while (results.size() < k && (!open.isEmpty() || !done.isEmpty())) {
            if (!done.isEmpty() && (open.isEmpty() || done.peek().logprob() >= open.peek().logprob())) {
                results.add(done.poll());
                continue;
            }
            if (budget-- <= 0) {
                break;
            }
            Node n = open.poll();
            if (n.state().isComplete()) {
                done.add(candidate(model, n, FinishReason.STOP));
                continue;
            }
            if (n.tokens().length >= limit) {
                done.add(candidate(model, n, FinishReason.LENGTH));
                continue;
            }
            for (Step s : steps(model, prompt, n, BEST_K_BRANCHING)) {
                if (s.token() == model.tokenizer().eos()) {
                    done.add(new Candidate(n.tokens(), model.tokenizer().decode(n.tokens()), n.logprob() + s.logprob(),
                            FinishReason.EOS));
                } else {
                    open.add(n.extend(s.token(), n.state().advance(s.token()), s.logprob()));
                }
            }
        }
        while (results.size() < k && !done.isEmpty()) {
            results.add(done.poll());
        }
        while (results.size() < k && !open.isEmpty()) {
            results.add(candidate(model, open.poll(), FinishReason.LENGTH));
        }
        if (results.isEmpty()) {
            throw new dev.lmql.constraint.ConstraintViolationException(
                    "best_k search found no value that satisfies the constraint");
        }
        results.sort(Comparator.comparingDouble(Candidate::logprob).reversed());
        return List.copyOf(results);
    }

    private static Candidate candidate(LogitsModel model, Node n, FinishReason reason) {
        return new Candidate(n.tokens(), model.tokenizer().decode(n.tokens()), n.logprob(), reason);
    }

    /** The {@code count} most likely next steps (EOS included when allowed); dead states have none. */
    static List<Step> steps(LogitsModel model, int[] prompt, Node node, int count) {
        return steps(model, Hypothesis.concat(prompt, node.tokens()), node.state(), count);
    }

    /**
     * Up to {@code count} distinct next steps drawn from the masked distribution at the params' temperature, in
     * draw order; each carries its untempered log-probability. The tempered weights are computed once per node and
     * each draw is a binary search of their running sums (temperature 0: the most likely token only).
     */
    static List<Step> sampledSteps(LogitsModel model, int[] prompt, Node node, int count, SamplingParams params,
            SeededRandom rng) {
        ConstraintState state = node.state();
        List<Step> forced = forcedStep(model, state);
        if (forced != null) {
            return forced;
        }
        float[] lp = MaskedDecoder.maskedLogprobs(model, Hypothesis.concat(prompt, node.tokens()), state);
        if (params.greedy()) {
            int best = MaskedDecoder.argmax(lp);
            return List.of(new Step(best, lp[best]));
        }
        int allowed = 0;
        double max = Double.NEGATIVE_INFINITY;
        for (float v : lp) {
            if (v != Float.NEGATIVE_INFINITY) {
                allowed++;
                max = Math.max(max, v);
            }
        }
        int[] ids = new int[allowed];
        double[] cumulative = new double[allowed];
        double total = 0;
        for (int i = 0, k = 0; i < lp.length; i++) {
            if (lp[i] != Float.NEGATIVE_INFINITY) {
                total += Math.exp((lp[i] - max) / params.temperature());
                ids[k] = i;
                cumulative[k++] = total;
            }
        }
        List<Step> out = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (int d = 0; d < count; d++) {
            int at = Arrays.binarySearch(cumulative, rng.nextDouble() * total);
            int index = Math.min(at >= 0 ? at + 1 : -at - 1, allowed - 1);
            int token = ids[index];
            if (seen.add(token)) {
                out.add(new Step(token, lp[token]));
            }
        }
        return out;
    }

    /** The single step a state allows without a model call (none when dead, EOS or a forced token), else null. */
    private static List<Step> forcedStep(LogitsModel model, ConstraintState state) {
        if (state.isDead()) {
            return List.of();
        }
        TokenMask allowed = state.allowedTokens();
        if (allowed.isEmpty()) {
            return List.of(new Step(model.tokenizer().eos(), 0.0));
        }
        if (allowed.cardinality() == 1 && !state.eosAllowed()) {
            return List.of(new Step(allowed.toArray()[0], 0.0));
        }
        return null;
    }

    /** The {@code count} most likely next steps after {@code context} in {@code state}. */
    static List<Step> steps(LogitsModel model, int[] context, ConstraintState state, int count) {
        List<Step> forced = forcedStep(model, state);
        if (forced != null) {
            return forced;
        }
        float[] lp = MaskedDecoder.maskedLogprobs(model, context, state);
        return top(lp, count);
    }

    /** The {@code count} largest finite entries, best first, lowest id on ties. */
    static List<Step> top(float[] lp, int count) {
        PriorityQueue<Integer> heap = new PriorityQueue<>((a, b) -> {
            int c = Float.compare(lp[a], lp[b]);
            return c != 0 ? c : Integer.compare(b, a);
        });
        for (int i = 0; i < lp.length; i++) {
            if (lp[i] == Float.NEGATIVE_INFINITY) {
                continue;
            }
            if (heap.size() < count) {
                heap.add(i);
            } else if (lp[i] > lp[heap.peek()]) {
                heap.poll();
                heap.add(i);
            }
        }
        List<Step> out = new ArrayList<>();
        while (!heap.isEmpty()) {
            int id = heap.poll();
            out.add(new Step(id, lp[id]));
        }
        java.util.Collections.reverse(out);
        return out;
    }
}
