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
     * The candidates for the hole: {@code count} samples (sample, and var's sample sub-decoder), one (argmax), or up
     * to {@code settings.n()} search results (beam, best_k, beam_sample), or {@code b} (var's beam sub-decoders),
     * best first.
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
            case BEAM_SAMPLE:
                return search(h, constraint, limit, stepSeed);
            case VAR:
            case BSSEQ:
                if (settings.search().subdecoder() != DecodeSettings.Subdecoder.SAMPLE) {
                    return search(h, constraint, limit, stepSeed);
                }
                // var ranks and drops its samples after the hole: their tokens are no result's partial text
                return generate(h, constraint, settings.search().width(), stepSeed, limit, TokenListener.NONE);
            case BEAM_VAR:
                throw new IllegalStateException("beam_var searches the whole query, not one hole at a time");
            default:
                return generate(h, constraint, count, stepSeed, limit, tokens);
        }
    }

    private List<Candidate> generate(Hypothesis h, TokenConstraint constraint, int count, Long stepSeed,
            Integer limit, TokenListener tokens) {
        GenerationRequest request = new GenerationRequest(h.tokens(), h.text(), h.requestMessages(), constraint,
                settings.sampling(count, stepSeed), limit, tracer, settings.chunksize(), tokens);
        List<Candidate> out = new ArrayList<>();
        for (GeneratedSequence g : calls.generate(request)) {
            out.add(new Candidate(g.tokens(), g.text(), g.sumLogprob(), g.finishReason()));
        }
        return out;
    }

    private Integer limit(Hypothesis h) {
        return limit(settings, h);
    }

    /** The token limit of the hole: max_tokens, and what max_len leaves after the prompt. */
    static Integer limit(DecodeSettings settings, Hypothesis h) {
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

    private List<Candidate> search(Hypothesis h, TokenConstraint constraint, Integer limit, Long stepSeed) {
        LogitsModel model = logitsModel(calls, settings);
        int max = limit == null ? Integer.MAX_VALUE : limit;
        int width = settings.search().width();
        long seed = stepSeed != null ? stepSeed : SeededRandom.mix(System.nanoTime());
        List<Candidate> out;
        switch (settings.decoder()) {
            case BEAM:
                out = TokenSearch.beam(model, h.tokens(), constraint.start(), settings.n(), max);
                break;
            case BEST_K:
                out = TokenSearch.bestK(model, h.tokens(), constraint.start(), settings.n(), max);
                break;
            case BEAM_SAMPLE:
                out = TokenSearch.beamSample(model, h.tokens(), constraint.start(), settings.n(), max,
                        settings.temperature(), new SeededRandom(seed));
                break;
            default:
                out = settings.search().subdecoder() == DecodeSettings.Subdecoder.BEAM
                        ? TokenSearch.beam(model, h.tokens(), constraint.start(), width, max)
                        : TokenSearch.beamSeq(model, h.tokens(), constraint.start(), width, max,
                                DecodeSettings.Search.DEFAULTS.alpha());
        }
        record(model, h, constraint, limit, out, settings.decoder() == DecodeSettings.Kind.BEAM_SAMPLE ? seed : null);
        return out;
    }

    /** The model as a {@link LogitsModel}, or a clear error for models that only serve an HTTP API. */
    static LogitsModel logitsModel(ModelCalls calls, DecodeSettings settings) {
        String what = settings.decoder() == DecodeSettings.Kind.VAR || settings.decoder() == DecodeSettings.Kind.BSSEQ
                ? settings.decoder().keyword() + " with the " + settings.search().subdecoder().keyword()
                        + " sub-decoder" : settings.decoder().keyword() + " decoding";
        String instead = settings.decoder() == DecodeSettings.Kind.VAR
                ? "use var(subdecoder=\"sample\"), argmax or sample" : "use argmax or sample";
        return calls.logits().orElseThrow(() -> new UnsupportedOperationException(what + " searches over the "
                + "model's token distribution, which the model " + calls.model().id() + " does not expose (an HTTP "
                + "API); " + instead + ", or a local or random model"));
    }

    /** Records the search as one model-call event, in the layout of the backends' generation events. */
    private void record(LogitsModel model, Hypothesis h, TokenConstraint constraint, Integer limit,
            List<Candidate> out, Long seed) {
        String backend = String.valueOf(model.identity().getOrDefault("backend", model.id()));
        ModelCallEvent event = ModelCallEvent.generation(backend);
        event
                .model(model.identity())
                .tokenizer(model.tokenizer().name())
                .promptIds(h.tokens())
                .maxTokens(limit)
                .param("decoder", settings.decoder().keyword())
                .param("n", settings.n());
        if (settings.decoder() == DecodeSettings.Kind.VAR || settings.decoder() == DecodeSettings.Kind.BSSEQ) {
            event.param("b", settings.search().width()).param("subdecoder", settings.search().subdecoder().keyword());
        }
        if (seed != null) {
            event.param("temperature", settings.temperature()).param("seed", seed);
        }
        event.constraint(constraint.describe())
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
