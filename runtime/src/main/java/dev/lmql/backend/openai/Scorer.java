package dev.lmql.backend.openai;

import dev.lmql.backend.ModelCapabilities;
import dev.lmql.backend.SamplingParams;
import dev.lmql.backend.ScoreRequest;
import dev.lmql.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Scores given continuation tokens: with one echo request ({@code echo} + {@code logprobs}: the server returns
 * the logprob of every prompt token) where the API allows it, else one request per token reading the token's
 * logprob from the top alternatives of the next position, else a clear error naming the limitation.
 */
final class Scorer {
    private final OpenAiSettings settings;
    private final ModelCapabilities caps;
    private final Tokenizer tokenizer;
    private final TokenMapper mapper;
    private final RequestBodies bodies;
    private final ModelCall call;

    Scorer(OpenAiSettings settings, Tokenizer tokenizer, TokenMapper mapper, ModelCall call) {
        this.settings = settings;
        this.caps = settings.capabilities();
        this.tokenizer = tokenizer;
        this.mapper = mapper;
        this.bodies = new RequestBodies(settings);
        this.call = call;
    }

    CompletableFuture<float[]> score(ScoreRequest req, CallScope scope) {
        if (caps.chat()) {
            throw new UnsupportedOperationException(settings.modelId() + " cannot score: the chat completions API "
                    + "reports logprobs only of tokens it generates itself. Score with a completions model that has "
                    + "echo (e.g. openai/davinci-002) or an OpenAI-compatible server such as vLLM");
        }
        if (caps.topLogprobs() == 0) {
            throw new UnsupportedOperationException(settings.modelId() + " cannot score: the server reports no "
                    + "logprobs (capability top_logprobs = 0; set option top_logprobs if it does)");
        }
        if (req.continuationTokens().length == 0) {
            return CompletableFuture.completedFuture(new float[0]);
        }
        return caps.echo() ? echo(req, scope) : perToken(req, scope);
    }

    private Object prompt(int[] ids) {
        return settings.promptAsTokens() ? ids : tokenizer.decode(ids);
    }

    private CompletableFuture<float[]> echo(ScoreRequest req, CallScope scope) {
        int[] all = concat(req.promptTokens(), req.continuationTokens(), req.continuationTokens().length);
        boolean openAi = settings.server() == ServerKind.OPENAI || settings.server() == ServerKind.AZURE;
        var body = bodies.completion(prompt(all), openAi ? 0 : 1, SamplingParams.ARGMAX, 1, 1, true, List.of(),
                Map.of(), Map.of());
        return call.send(body, "echo", req.tracer(), scope, all.length).thenApply(resp -> {
            List<WireToken> wire = resp.choices().isEmpty() ? List.of() : resp.choices().get(0).tokens();
            // Keep the echoed tokens: those covering the bytes of prompt + continuation.
            int bytes = tokenizer.decodeBytes(all).length;
            List<WireToken> echoed = new ArrayList<>();
            int seen = 0;
            for (WireToken t : wire) {
                if (seen >= bytes) {
                    break;
                }
                echoed.add(t);
                seen += t.bytes().length;
            }
            List<TokenMapper.Mapped> mapped = mapper.map(echoed);
            int[] cont = req.continuationTokens();
            if (mapped.size() < cont.length) {
                throw new IllegalStateException(settings.modelId() + ": the echo response has " + mapped.size()
                        + " tokens, fewer than the " + cont.length + " continuation tokens to score");
            }
            float[] out = new float[cont.length];
            int base = mapped.size() - cont.length;
            for (int i = 0; i < cont.length; i++) {
                TokenMapper.Mapped m = mapped.get(base + i);
                if (m.id() != cont[i]) {
                    throw new IllegalStateException(settings.modelId() + ": the server tokenized the scored text "
                            + "differently (token " + i + " is '" + tokenizer.tokenText(m.id()) + "', expected '"
                            + tokenizer.tokenText(cont[i]) + "'); set option tokenizer to the server's encoding");
                }
                out[i] = (float) m.logprob();
            }
            return out;
        });
    }

    private CompletableFuture<float[]> perToken(ScoreRequest req, CallScope scope) {
        int[] cont = req.continuationTokens();
        List<CompletableFuture<Float>> parts = new ArrayList<>();
        int k = Math.min(caps.topLogprobs(), 5);
        for (int i = 0; i < cont.length; i++) {
            int[] prefix = concat(req.promptTokens(), cont, i);
            int target = cont[i];
            int position = i;
            var body = bodies.completion(prompt(prefix), 1, SamplingParams.ARGMAX, 1, k, false, List.of(), Map.of(),
                    Map.of());
            parts.add(call.send(body, "per-token-logprobs", req.tracer(), scope, prefix.length).thenApply(resp -> {
                List<WireToken> wire = resp.choices().isEmpty() ? List.of() : resp.choices().get(0).tokens();
                if (!wire.isEmpty()) {
                    WireToken first = wire.get(0);
                    if (mapper.idOf(first.bytes()) == target) {
                        return (float) first.logprob();
                    }
                    for (WireToken.Alternative a : first.top()) {
                        if (mapper.idOf(a.bytes()) == target) {
                            return (float) a.logprob();
                        }
                    }
                }
                throw new UnsupportedOperationException(settings.modelId() + " cannot score token " + position
                        + " ('" + tokenizer.tokenText(target) + "'): it is not among the top-" + k + " alternatives "
                        + "the API reports, and the API has no echo to score given text. Use a model with echo "
                        + "(e.g. openai/davinci-002) or a compatible server");
            }));
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(v -> {
            float[] out = new float[cont.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = parts.get(i).join();
            }
            return out;
        });
    }

    private static int[] concat(int[] a, int[] b, int bLen) {
        int[] out = Arrays.copyOf(a, a.length + bLen);
        System.arraycopy(b, 0, out, a.length, bLen);
        return out;
    }
}
