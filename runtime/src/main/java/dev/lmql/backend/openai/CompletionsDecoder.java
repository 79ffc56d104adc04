package dev.lmql.backend.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lmql.backend.FinishReason;
import dev.lmql.backend.GeneratedSequence;
import dev.lmql.backend.GenerationRequest;
import dev.lmql.backend.ModelCapabilities;
import dev.lmql.backend.SamplingParams;
import dev.lmql.constraint.ConstraintState;
import dev.lmql.constraint.ConstraintViolationException;
import dev.lmql.constraint.TokenConstraint;
import dev.lmql.constraint.TokenMask;
import dev.lmql.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills one hole through the completions API, enforcing its constraint with the strongest strategy the server
 * offers: server-side forms; else a token loop that requests chunks — with the mask as {@code logit_bias} when it
 * fits the API's limit ({@code logit-bias}), unbiased otherwise ({@code speculative}) — validates every returned
 * token against the constraint state, cuts at the first invalid one and re-requests from there.
 */
final class CompletionsDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(CompletionsDecoder.class);
    static final int BIAS = 100;

    private final OpenAiSettings settings;
    private final ModelCapabilities caps;
    private final Tokenizer tokenizer;
    private final TokenMapper mapper;
    private final RequestBodies bodies;
    private final ModelCall call;
    private final int fullMaskSize;

    CompletionsDecoder(OpenAiSettings settings, Tokenizer tokenizer, TokenMapper mapper, ModelCall call,
            int fullMaskSize) {
        this.settings = settings;
        this.caps = settings.capabilities();
        this.tokenizer = tokenizer;
        this.mapper = mapper;
        this.bodies = new RequestBodies(settings);
        this.call = call;
        this.fullMaskSize = fullMaskSize;
    }

    /**
     * Fills the hole for one sequence; the request's token listener hears the sequence's tokens as they become
     * final (see {@link StreamedTokens}).
     *
     * @param sequence the sequence's index among the request's {@code n}
     */
    CompletableFuture<GeneratedSequence> generate(GenerationRequest req, SamplingParams sampling, CallScope scope,
            int sequence) {
        HeardTokens heard = new HeardTokens(req, sequence);
        Optional<ServerSideForm> form = ServerSideForm.of(req.constraint(), caps, settings.server());
        if (form.isPresent()) {
            return serverSide(req, sampling, scope, form.get(), heard);
        }
        return new Loop(req, sampling, scope, heard).step();
    }

    static int limit(GenerationRequest req, int defaultMax) {
        int limit = req.maxTokens() != null ? req.maxTokens() : defaultMax;
        if (req.constraint().maxTokens().isPresent()) {
            limit = Math.min(limit, req.constraint().maxTokens().getAsInt());
        }
        return Math.max(limit, 0);
    }

    private Object prompt(GenerationRequest req, int[] generated) {
        if (settings.promptAsTokens()) {
            int[] p = new int[req.promptTokens().length + generated.length];
            System.arraycopy(req.promptTokens(), 0, p, 0, req.promptTokens().length);
            System.arraycopy(generated, 0, p, req.promptTokens().length, generated.length);
            return p;
        }
        return req.promptText() + tokenizer.decode(generated);
    }

    private int promptSize(GenerationRequest req, int[] generated) {
        return req.promptTokens().length + generated.length;
    }

    /** A server-side form's answer is checked as a whole (and may be dropped for the token loop): heard at the end. */
    private CompletableFuture<GeneratedSequence> serverSide(GenerationRequest req, SamplingParams sampling,
            CallScope scope, ServerSideForm form, HeardTokens heard) {
        int limit = limit(req, settings.defaultMaxTokens());
        var body = bodies.completion(prompt(req, new int[0]), Math.max(limit, 1), sampling, 1, caps.topLogprobs() > 0
                ? 1 : 0, false, List.of(), Map.of(), form.params());
        return call.send(body, form.strategy(), req.tracer(), scope, promptSize(req, new int[0]))
                .thenCompose(resp -> {
                    WireResponse.Choice c = resp.choices().isEmpty() ? null : resp.choices().get(0);
                    if (c != null) {
                        String value = form.value(c.text());
                        HoleProgress p = new HoleProgress(req.constraint(), tokenizer, limit);
                        p.used(form.strategy());
                        List<TokenMapper.Mapped> tokens = form.valueKind() == ServerSideForm.ValueKind.RAW
                                && !c.tokens().isEmpty() ? mapper.map(c.tokens()) : mapper.encode(value);
                        int n = p.feed(tokens);
                        if (n == tokens.size() && (p.state().isComplete() || p.state().eosAllowed())) {
                            heard.upTo(p.ids());
                            return CompletableFuture.completedFuture(p.finish(p.state().isComplete()
                                    ? FinishReason.STOP : FinishReason.EOS));
                        }
                        LOG.warn("{}: the server's {} output {} does not satisfy {}; falling back to the token loop",
                                settings.modelId(), form.strategy(), OpenAiTransport.excerpt(value),
                                req.constraint().describe());
                    }
                    return new Loop(req, sampling, scope, heard).step();
                });
    }

    /** The token loop of one sequence. */
    private final class Loop {
        private final GenerationRequest req;
        private final SamplingParams sampling;
        private final CallScope scope;
        private final HoleProgress progress;
        private final TokenConstraint constraint;
        private final HeardTokens heard;
        private int fruitless;
        private boolean partialBias;

        /** The decoder's {@code chunksize} when the query sets one, else the model's option. */
        private int chunkSize() {
            return req.chunkSize() != null ? req.chunkSize() : settings.chunkSize();
        }

        Loop(GenerationRequest req, SamplingParams sampling, CallScope scope, HeardTokens heard) {
            this.req = req;
            this.heard = heard;
            this.sampling = sampling;
            this.scope = scope;
            this.constraint = req.constraint();
            this.progress = new HoleProgress(constraint, tokenizer, limit(req, settings.defaultMaxTokens()));
        }

        CompletableFuture<GeneratedSequence> step() {
            // Tokens that need no model call: forced single tokens, and ends that need no more tokens.
            while (true) {
                ConstraintState s = progress.state();
                if (s.isComplete()) {
                    return done(FinishReason.STOP);
                }
                if (progress.atLimit()) {
                    return done(FinishReason.LENGTH);
                }
                TokenMask mask = s.allowedTokens();
                if (mask.isEmpty()) {
                    if (s.eosAllowed()) {
                        return done(FinishReason.EOS);
                    }
                    throw dead();
                }
                if (mask.cardinality() == 1 && !s.eosAllowed()) {
                    // Only one token may come: its probability under the mask is 1, no request needed.
                    progress.accept(mask.toArray()[0], 0.0);
                    progress.used("forced");
                    continue;
                }
                break;
            }
            ConstraintState s = progress.state();
            TokenMask mask = s.allowedTokens();
            boolean eos = s.eosAllowed();
            int allowedCount = mask.cardinality() + (eos ? 1 : 0);
            boolean free = mask.cardinality() >= fullMaskSize;
            Map<Integer, Integer> bias = new LinkedHashMap<>();
            TokenMask biasMask = null;
            String strategy;
            int chunk;
            List<String> stop = List.of();
            if (free) {
                strategy = constraint.isUnconstrained() ? "unconstrained" : "speculative";
                chunk = progress.remaining();
                stop = serverStops();
            } else if (allowedCount <= caps.logitBiasLimit() || (partialBias && caps.logitBiasLimit() > 0)) {
                strategy = allowedCount <= caps.logitBiasLimit() ? "logit-bias" : "logit-bias-partial";
                int[] allowed = mask.toArray();
                int room = caps.logitBiasLimit() - (eos ? 1 : 0);
                List<Integer> kept = new ArrayList<>();
                for (int i = 0; i < allowed.length && i < room; i++) {
                    bias.put(allowed[i], BIAS);
                    kept.add(allowed[i]);
                }
                if (eos) {
                    bias.put(tokenizer.eos(), BIAS);
                }
                biasMask = TokenMask.of(mask.vocabSize(), kept.stream().mapToInt(Integer::intValue).toArray());
                chunk = Math.min(progress.remaining(), mask.cardinality() < 10 ? 4 : chunkSize());
            } else {
                strategy = "speculative";
                chunk = Math.min(progress.remaining(), chunkSize());
            }
            if (!eos && biasMask == null && caps.logitBiasLimit() > 0) {
                bias.put(tokenizer.eos(), -BIAS); // the value may not end here
            }
            partialBias = false;
            int[] generated = progress.ids();
            List<String> sentStops = stop;
            TokenMask usedBias = biasMask;
            var body = bodies.completion(prompt(req, generated), Math.max(chunk, 1), sampling, 1,
                    Math.min(Math.max(caps.topLogprobs(), 0), 5) > 0 ? Math.min(caps.topLogprobs(), 5) : 0, false,
                    stop, bias, Map.of());
            boolean askedForAll = chunk >= progress.remaining();
            heard.upTo(generated); // forced tokens and what earlier requests added
            StreamedTokens live = heard.listening() ? new StreamedTokens(s, progress.size(), progress.size()
                    + progress.remaining(), usedBias, mapper, tokenizer.eos(), heard) : null;
            return call.send(body, strategy, req.tracer(), scope, promptSize(req, generated),
                    live == null ? ChunkObserver.NONE : live)
                    .thenCompose(resp -> absorb(resp, body, strategy, usedBias, sentStops, askedForAll, live));
        }

        private CompletableFuture<GeneratedSequence> absorb(WireResponse resp, ObjectNode body, String strategy,
                TokenMask biasMask, List<String> sentStops, boolean askedForAll, StreamedTokens live) {
            if (resp.choices().isEmpty()) {
                throw new IllegalStateException(settings.modelId() + ": the server returned no choices");
            }
            WireResponse.Choice c = resp.choices().get(0);
            if ("content_filter".equals(c.finishReason())) {
                throw new ConstraintViolationException(settings.modelId() + ": the server's content filter stopped "
                        + "the generation of a value for " + constraint.describe());
            }
            List<TokenMapper.Mapped> tokens = c.tokens().isEmpty() ? mapper.encode(c.text()) : mapper.map(c.tokens());
            // Reported tokens stay: when a retried attempt said something else, resume after them instead.
            boolean cut = live != null && !live.startsAllOf(tokens);
            if (cut) {
                tokens = live.committed();
                int[] kept = tokens.stream().mapToInt(TokenMapper.Mapped::id).toArray();
                call.recordKeptStream(body, strategy, req.tracer(), tokenizer.decode(kept));
            }
            int accepted = 0;
            for (TokenMapper.Mapped m : tokens) {
                ConstraintState s = progress.state();
                if (s.isComplete()) {
                    return done(FinishReason.STOP);
                }
                if (progress.atLimit()) {
                    return done(FinishReason.LENGTH);
                }
                TokenMask mask = s.allowedTokens();
                if (accepted > 0 && biasMask != null && !mask.and(biasMask).equals(mask)) {
                    break; // this token was drawn under a bias that no longer matches the constraint: re-request
                }
                boolean isEos = m.id() == tokenizer.eos();
                if (isEos && s.eosAllowed()) {
                    progress.used(strategy);
                    return done(FinishReason.EOS);
                }
                if (isEos || !mask.contains(m.id())) {
                    // The model's choice is invalid here. Its best valid alternative at this position is the
                    // constrained argmax; with none among the reported alternatives, ending the value (when
                    // allowed) is the closest valid move, as a token mask would have made it.
                    WireToken.Alternative alt = m.source() == null ? null : bestAllowed(m.source(), s);
                    if (alt != null) {
                        int altId = mapper.idOf(alt.bytes());
                        progress.used(strategy);
                        if (altId == tokenizer.eos()) {
                            return done(FinishReason.EOS);
                        }
                        progress.accept(altId, alt.logprob());
                        accepted++;
                    } else if (s.eosAllowed()) {
                        progress.used(strategy);
                        return done(FinishReason.EOS);
                    }
                    break;
                }
                progress.accept(m.id(), m.logprob());
                progress.used(strategy);
                accepted++;
            }
            if (progress.state().isComplete()) {
                return done(FinishReason.STOP);
            }
            if (progress.atLimit()) {
                return done(FinishReason.LENGTH);
            }
            if (!cut && accepted == tokens.size() && "length".equals(c.finishReason()) && askedForAll) {
                // the server counted its own tokens up to the hole's limit
                return done(FinishReason.LENGTH);
            }
            if (!cut && accepted == tokens.size() && "stop".equals(c.finishReason())) {
                if (!sentStops.isEmpty() && appendStop(c.stopReason(), sentStops)) {
                    return done(FinishReason.STOP);
                }
                if (progress.state().eosAllowed()) {
                    progress.used(strategy);
                    return done(FinishReason.EOS);
                }
            }
            if (accepted == 0) {
                fruitless++;
                if (fruitless >= settings.validateAttempts()) {
                    throw new ConstraintViolationException(settings.modelId() + ": after " + fruitless
                            + " requests the model produced no token allowed by " + constraint.describe()
                            + " (value so far: '" + tokenizer.decode(progress.ids()) + "'); the server's logit_bias"
                            + " limit (" + caps.logitBiasLimit() + ") and top-" + caps.topLogprobs()
                            + " logprobs cannot steer it here — loosen the constraint or use a model with logits");
                }
                partialBias = "speculative".equals(strategy) || "unconstrained".equals(strategy);
            } else {
                fruitless = 0;
            }
            return step();
        }

        /** After the API's {@code stop} fired: puts the (STOPS_BEFORE) phrase back so the value can complete. */
        private boolean appendStop(String stopReason, List<String> sentStops) {
            for (String phrase : sentStops) {
                if (stopReason != null && !stopReason.equals(phrase)) {
                    continue;
                }
                int[] ids = tokenizer.encode(phrase);
                ConstraintState s = progress.state();
                boolean ok = true;
                for (int id : ids) {
                    if (!s.allowedTokens().contains(id)) {
                        ok = false;
                        break;
                    }
                    s = s.advance(id);
                }
                if (ok && s.isComplete()) {
                    for (int id : ids) {
                        progress.accept(id, 0.0);
                    }
                    progress.used("stop");
                    return true;
                }
            }
            return false;
        }

        /** STOPS_BEFORE phrases are exact as API stops (the API drops the stop text, as STOPS_BEFORE does). */
        private List<String> serverStops() {
            List<String> stops = new ArrayList<>();
            for (TokenConstraint.StopPhrase p : constraint.stopPhrases()) {
                if (!p.keepInValue() || settings.server() == ServerKind.VLLM) {
                    stops.add(p.text());
                }
            }
            return stops.size() <= 4 ? stops : List.of();
        }

        private WireToken.Alternative bestAllowed(WireToken token, ConstraintState state) {
            WireToken.Alternative best = null;
            TokenMask mask = state.allowedTokens();
            for (WireToken.Alternative a : token.top()) {
                int id = mapper.idOf(a.bytes());
                boolean allowed = id == tokenizer.eos() ? state.eosAllowed() : id >= 0 && mask.contains(id);
                if (allowed && (best == null || a.logprob() > best.logprob())) {
                    best = a;
                }
            }
            return best;
        }

        private ConstraintViolationException dead() {
            return new ConstraintViolationException(settings.modelId() + ": no continuation of '"
                    + tokenizer.decode(progress.ids()) + "' satisfies " + constraint.describe());
        }

        private CompletableFuture<GeneratedSequence> done(FinishReason reason) {
            heard.upTo(progress.ids());
            return CompletableFuture.completedFuture(progress.finish(reason));
        }
    }
}
