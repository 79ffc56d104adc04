package dev.lmql.decode;

import dev.lmql.backend.FinishReason;
import dev.lmql.backend.LogitsModel;
import dev.lmql.backend.MaskedDecoder;
import dev.lmql.constraint.ConstraintState;
import dev.lmql.constraint.TokenMask;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

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
    private record Node(int[] tokens, ConstraintState state, double logprob) {
        Node extend(int token, ConstraintState next, double lp) {
            int[] t = Arrays.copyOf(tokens, tokens.length + 1);
            t[tokens.length] = token;
            return new Node(t, next, logprob + lp);
        }
    }

    /** One possible next step from a node. */
    private record Step(int token, double logprob) {
    }

    /** Beam search keeping {@code width} beams; returns up to {@code width} finished values, best first. */
    static List<Candidate> beam(LogitsModel model, int[] prompt, ConstraintState start, int width, int limit) {
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
                for (Step s : steps(model, prompt, b, width)) {
                    if (s.token() == model.tokenizer().eos()) {
                        finished.add(new Candidate(b.tokens(), model.tokenizer().decode(b.tokens()),
                                b.logprob() + s.logprob(), FinishReason.EOS));
                    } else {
                        next.add(b.extend(s.token(), b.state().advance(s.token()), s.logprob()));
                    }
                }
            }
            next.sort(Comparator.comparingDouble(Node::logprob).reversed());
            beams = next.size() > width ? next.subList(0, width) : next;
            finished.sort(Comparator.comparingDouble(Candidate::logprob).reversed());
            // scores only decrease, so no live beam can beat a full set of finished values that all score higher
            if (finished.size() >= width && !beams.isEmpty()
                    && finished.get(width - 1).logprob() >= beams.get(0).logprob()) {
                break;
            }
        }
        finished.sort(Comparator.comparingDouble(Candidate::logprob).reversed());
        if (finished.isEmpty()) {
            throw new dev.lmql.constraint.ConstraintViolationException(
                    "beam search found no value that satisfies the constraint");
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
    private static List<Step> steps(LogitsModel model, int[] prompt, Node node, int count) {
        ConstraintState state = node.state();
        if (state.isDead()) {
            return List.of();
        }
        TokenMask allowed = state.allowedTokens();
        int eos = model.tokenizer().eos();
        if (allowed.isEmpty()) {
            return List.of(new Step(eos, 0.0));
        }
        if (allowed.cardinality() == 1 && !state.eosAllowed()) {
            return List.of(new Step(allowed.toArray()[0], 0.0));
        }
        int[] context = Hypothesis.concat(prompt, node.tokens());
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
