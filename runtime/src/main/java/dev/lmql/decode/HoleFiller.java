package dev.lmql.decode;

import dev.lmql.backend.FinishReason;
import dev.lmql.backend.GeneratedSequence;
import dev.lmql.backend.GenerationRequest;
import dev.lmql.backend.LogitsModel;
import dev.lmql.backend.SeededRandom;
import dev.lmql.backend.TokenListener;
import dev.lmql.constraint.TokenConstraint;
import dev.lmql.trace.ModelCallEvent;
import dev.lmql.trace.Tracer;
import java.util.ArrayList;
import java.util.List;

/** Fills one hole of one hypothesis with the decoder's candidates. */
final class HoleFiller {
    private final ModelCalls calls;
    private final DecodeSettings settings;
    private final Tracer tracer;

    HoleFiller(ModelCalls calls, DecodeSettings settings, Tracer tracer) {
        this.calls = calls;
        this.settings = settings;
        this.tracer = tracer;
    }

    /**
     * The candidates for the hole: {@code count} samples (sample), one (argmax), or up to {@code settings.n()}
     * search results (beam, best_k), best first.
     *
     * @param stepSeed the seed of this sampling step, or null to let the backend choose
     */
    List<Candidate> fill(Hypothesis h, TokenConstraint constraint, int count, Long stepSeed) {
        return fill(h, constraint, count, stepSeed, TokenListener.NONE);
    }

    /**
     * As {@link #fill(Hypothesis, TokenConstraint, int, Long)}, telling {@code tokens} the tokens of argmax and
     * sample sequences as the backend accepts them (searches report nothing: their hypotheses change until the end).
     */
    List<Candidate> fill(Hypothesis h, TokenConstraint constraint, int count, Long stepSeed, TokenListener tokens) {
        Integer limit = limit(h);
        if (limit != null && limit == 0) {
            return List.of(new Candidate(new int[0], "", 0.0, FinishReason.LENGTH));
        }
        switch (settings.decoder()) {
            case BEAM:
            case BEST_K:
                return search(h, constraint, limit);
            default:
                GenerationRequest request = new GenerationRequest(h.tokens(), h.text(), h.requestMessages(), constraint,
                        settings.sampling(count, stepSeed), limit, tracer, settings.chunksize(), tokens);
                List<Candidate> out = new ArrayList<>();
                for (GeneratedSequence g : calls.generate(request)) {
                    out.add(new Candidate(g.tokens(), g.text(), g.sumLogprob(), g.finishReason()));
                }
                return out;
        }
    }

    /** The token limit of the hole: max_tokens, and what max_len leaves after the prompt. */
    private Integer limit(Hypothesis h) {
        Integer limit = settings.maxTokens();
        if (settings.maxLen() != null) {
            int left = settings.maxLen() - h.tokens().length;
            if (left < 0 && h.variables().isEmpty()) {
                throw new IllegalArgumentException("the prompt has " + h.tokens().length
                        + " tokens, more than max_len=" + settings.maxLen()
                        + " (max_len counts prompt and generated tokens): raise max_len");
            }
            left = Math.max(0, left);
            limit = limit == null ? Integer.valueOf(left) : Integer.valueOf(Math.min(limit, left));
        }
        return limit;
    }

    private List<Candidate> search(Hypothesis h, TokenConstraint constraint, Integer limit) {
        LogitsModel model = calls.logits().orElseThrow(() -> new UnsupportedOperationException(
                settings.decoder().keyword() + " decoding searches over the model's token distribution, which the "
                        + "model " + calls.model().id() + " does not expose (an HTTP API); use argmax or sample, "
                        + "or a local or random model"));
        int max = limit == null ? Integer.MAX_VALUE : limit;
        List<Candidate> out = settings.decoder() == DecodeSettings.Kind.BEAM
                ? TokenSearch.beam(model, h.tokens(), constraint.start(), settings.n(), max)
                : TokenSearch.bestK(model, h.tokens(), constraint.start(), settings.n(), max);
        record(model, h, constraint, limit, out);
        return out;
    }

    /** Records the search as one model-call event, in the layout of the backends' generation events. */
    private void record(LogitsModel model, Hypothesis h, TokenConstraint constraint, Integer limit,
            List<Candidate> out) {
        String backend = String.valueOf(model.identity().getOrDefault("backend", model.id()));
        ModelCallEvent event = ModelCallEvent.generation(backend)
                .model(model.identity())
                .tokenizer(model.tokenizer().name())
                .promptIds(h.tokens())
                .maxTokens(limit)
                .param("decoder", settings.decoder().keyword())
                .param("n", settings.n())
                .constraint(constraint.describe())
                .strategy("token-mask");
        for (Candidate c : out) {
            event.result(c.tokens(), c.rawText(), c.finish().wireName());
        }
        event.record(tracer);
    }

    /** A per-step seed derived from the decoder's seed, so every hole and sample draws independently. */
    static Long stepSeed(Long seed, int hypothesis, int hole) {
        return seed == null ? null : SeededRandom.derive(SeededRandom.derive(seed, hole), hypothesis);
    }
}
