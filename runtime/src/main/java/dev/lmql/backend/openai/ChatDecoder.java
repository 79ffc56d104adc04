package dev.lmql.backend.openai;

import dev.lmql.backend.ChatMessage;
import dev.lmql.backend.FinishReason;
import dev.lmql.backend.GeneratedSequence;
import dev.lmql.backend.GenerationRequest;
import dev.lmql.backend.ModelCapabilities;
import dev.lmql.backend.SamplingParams;
import dev.lmql.constraint.ConstraintViolationException;
import dev.lmql.constraint.TokenConstraint;
import dev.lmql.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Fills one hole through the chat completions API. Chat cannot continue a partial answer, so token-level
 * strategies do not apply: stop phrases go to {@code stop}, token limits to the length parameter, choice and regex
 * holes to structured outputs when the model has them ({@code json-schema}), and everything else is validated
 * after the fact and re-asked with feedback a bounded number of times ({@code validate-retry}).
 */
final class ChatDecoder {
    private final OpenAiSettings settings;
    private final ModelCapabilities caps;
    private final Tokenizer tokenizer;
    private final TokenMapper mapper;
    private final RequestBodies bodies;
    private final ModelCall call;

    ChatDecoder(OpenAiSettings settings, Tokenizer tokenizer, TokenMapper mapper, ModelCall call) {
        this.settings = settings;
        this.caps = settings.capabilities();
        this.tokenizer = tokenizer;
        this.mapper = mapper;
        this.bodies = new RequestBodies(settings);
        this.call = call;
    }

    /**
     * Fills the hole for one sequence. An answer is validated as a whole and may be re-asked, so the request's token
     * listener hears the value once it is accepted — except for unconstrained holes, whose answer is always taken:
     * their streamed tokens are heard as they arrive.
     *
     * @param sequence the sequence's index among the request's {@code n}
     */
    CompletableFuture<GeneratedSequence> generate(GenerationRequest req, SamplingParams sampling, CallScope scope,
            int sequence) {
        List<ChatMessage> messages = req.messages().isEmpty() ? List.of(new ChatMessage("user", req.promptText()))
                : req.messages();
        TokenConstraint c = req.constraint();
        Optional<ServerSideForm> form = ServerSideForm.of(c, caps, settings.server());
        String strategy = c.isUnconstrained() ? "unconstrained" : form.isPresent() ? form.get().strategy()
                : "validate-retry";
        HeardTokens heard = new HeardTokens(req, sequence);
        return attempt(req, sampling, scope, new ArrayList<>(messages), form.orElse(null), strategy, 1, heard)
                .thenApply(g -> {
                    heard.upTo(g.tokens());
                    return g;
                });
    }

    private CompletableFuture<GeneratedSequence> attempt(GenerationRequest req, SamplingParams sampling,
            CallScope scope, List<ChatMessage> messages, ServerSideForm form, String strategy, int attempt,
            HeardTokens heard) {
        TokenConstraint c = req.constraint();
        int limit = CompletionsDecoder.limit(req, settings.defaultMaxTokens());
        StreamedTokens live = heard.listening() && form == null && c.isUnconstrained()
                ? new StreamedTokens(c.start(), 0, limit, null, mapper, tokenizer.eos(), heard) : null;
        List<String> stop = form == null ? stops(c) : List.of();
        var body = bodies.chat(messages, Math.max(limit, 1), sampling, 1, form == null ? caps.topLogprobs() > 0
                ? 1 : 0 : 0, stop, form == null ? null : form.responseFormat());
        return call.send(body, strategy, req.tracer(), scope, promptTokens(messages),
                live == null ? ChunkObserver.NONE : live).thenCompose(resp -> {
            WireResponse.Choice ch = resp.choices().isEmpty() ? null : resp.choices().get(0);
            if (ch == null) {
                throw new IllegalStateException(settings.modelId() + ": the server returned no choices");
            }
            if (ch.refusal() != null) {
                throw new ConstraintViolationException(settings.modelId() + " refused to answer: " + ch.refusal());
            }
            if (live != null && !live.startsAllOf(ch.tokens().isEmpty() ? mapper.encode(ch.text())
                    : mapper.map(ch.tokens()))) {
                throw new IllegalStateException(settings.modelId() + ": the answer's stream broke off after '"
                        + OpenAiTransport.excerpt(tokenizer.decode(heard(live))) + "' had been streamed, and the "
                        + "retried request answered differently; a chat answer cannot be continued from a prefix, "
                        + "so the streamed text cannot be kept. Run the query again, or without streaming");
            }
            String problem;
            HoleProgress p = new HoleProgress(c, tokenizer, limit);
            p.used(strategy);
            String value;
            try {
                value = form == null ? ch.text() : form.value(ch.text());
                List<TokenMapper.Mapped> tokens = form == null && !ch.tokens().isEmpty() ? mapper.map(ch.tokens())
                        : mapper.encode(value);
                int n = p.feed(tokens);
                if (p.state().isComplete()) {
                    return CompletableFuture.completedFuture(p.finish(FinishReason.STOP));
                }
                if (n == tokens.size() && p.atLimit()) {
                    return CompletableFuture.completedFuture(p.finish(FinishReason.LENGTH));
                }
                if (n == tokens.size() && "length".equals(ch.finishReason())) {
                    return CompletableFuture.completedFuture(p.finish(FinishReason.LENGTH));
                }
                if (p.state().eosAllowed() && (n == tokens.size() || form == null && n > 0)) {
                    // The whole answer, or its longest valid prefix (trailing chatter cut as EOS would have).
                    boolean phraseStop = n == tokens.size() && !stop.isEmpty() && "stop".equals(ch.finishReason());
                    return CompletableFuture.completedFuture(p.finish(phraseStop ? FinishReason.STOP
                            : FinishReason.EOS));
                }
                problem = "'" + OpenAiTransport.excerpt(value) + "' does not satisfy " + c.describe();
            } catch (IllegalStateException e) {
                value = ch.text();
                problem = e.getMessage();
            }
            if (attempt >= settings.validateAttempts()) {
                throw new ConstraintViolationException(settings.modelId() + ": no valid value after " + attempt
                        + " attempts (" + strategy + "): " + problem + ". Chat models cannot be constrained token by "
                        + "token; use a completions model or a server with guided decoding, or loosen the constraint");
            }
            List<ChatMessage> next = new ArrayList<>(messages);
            next.add(new ChatMessage("assistant", ch.text()));
            next.add(new ChatMessage("user", feedback(c)));
            return attempt(req, sampling, scope, next, form, strategy, attempt + 1, heard);
        });
    }

    private static int[] heard(StreamedTokens live) {
        return live.committed().stream().mapToInt(TokenMapper.Mapped::id).toArray();
    }

    private static String feedback(TokenConstraint c) {
        if (c.choices().isPresent()) {
            return "Reply with exactly one of: " + String.join(" | ", c.choices().get()) + " — nothing else.";
        }
        if (c.regex().isPresent()) {
            return "Reply with only the value; it must match the regular expression " + c.regex().get() + ".";
        }
        return "Reply with only the value; it must satisfy: " + c.describe() + ".";
    }

    /** Chat's {@code stop} drops the phrase: exact for STOPS_BEFORE; STOPS_AT is detected on the text. */
    private static List<String> stops(TokenConstraint c) {
        List<String> stops = new ArrayList<>();
        for (TokenConstraint.StopPhrase p : c.stopPhrases()) {
            if (!p.keepInValue()) {
                stops.add(p.text());
            }
        }
        return stops.size() <= 4 ? stops : List.of();
    }

    private int promptTokens(List<ChatMessage> messages) {
        int n = 0;
        for (ChatMessage m : messages) {
            n += tokenizer.encode(m.content()).length + 4;
        }
        return n;
    }
}
