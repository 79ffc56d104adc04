package dev.lmql.backend.openai;

import dev.lmql.backend.GeneratedSequence;
import dev.lmql.backend.GenerationRequest;
import dev.lmql.backend.LanguageModel;
import dev.lmql.backend.ModelCapabilities;
import dev.lmql.backend.SamplingParams;
import dev.lmql.backend.ScoreRequest;
import dev.lmql.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;

/**
 * A model behind the OpenAI completions or chat completions API (OpenAI, Azure OpenAI, or a compatible server).
 * Thread-safe; all instances share one connection pool. Cancelling a returned future cancels its HTTP calls.
 */
final class OpenAiModel implements LanguageModel {
    private final OpenAiSettings settings;
    private final Tokenizer tokenizer;
    private final OpenAiTransport transport;
    private final CompletionsDecoder completions;
    private final ChatDecoder chat;
    private final Scorer scorer;

    OpenAiModel(OpenAiSettings settings, Tokenizer tokenizer, OkHttpClient sharedClient,
            ScheduledExecutorService timer) {
        this.settings = settings;
        this.tokenizer = tokenizer;
        this.transport = new OpenAiTransport(settings, sharedClient, timer);
        TokenMapper mapper = new TokenMapper(tokenizer);
        ModelCall call = new ModelCall(settings, transport, tokenizer, identity());
        this.completions = new CompletionsDecoder(settings, tokenizer, mapper, call, countOrdinaryTokens(tokenizer));
        this.chat = new ChatDecoder(settings, tokenizer, mapper, call);
        this.scorer = new Scorer(settings, tokenizer, mapper, call);
    }

    private static int countOrdinaryTokens(Tokenizer t) {
        int n = 0;
        for (int id = 0; id < t.vocabSize(); id++) {
            if (!t.isSpecial(id)) {
                n++;
            }
        }
        return n;
    }

    @Override
    public String id() {
        return settings.modelId();
    }

    @Override
    public Tokenizer tokenizer() {
        return tokenizer;
    }

    @Override
    public ModelCapabilities capabilities() {
        return settings.capabilities();
    }

    OpenAiSettings settings() {
        return settings;
    }

    @Override
    public Map<String, Object> identity() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("backend", "openai");
        m.put("model", settings.model());
        m.put("endpoint", transport.redactor().text(settings.endpointUrl()));
        m.put("server", settings.server().wireName());
        m.put("api", settings.chat() ? "chat.completions" : "completions");
        if (settings.azureDeployment() != null) {
            m.put("deployment", settings.azureDeployment());
            m.put("api_version", settings.azureApiVersion());
        }
        m.put("tokenizer", tokenizer.name());
        return m;
    }

    @Override
    public CompletableFuture<List<GeneratedSequence>> generate(GenerationRequest request) {
        CompletableFuture<List<GeneratedSequence>> result = new CompletableFuture<>();
        CallScope scope = CallScope.cancelledWith(result);
        SamplingParams s = request.sampling();
        List<CompletableFuture<GeneratedSequence>> parts = new ArrayList<>();
        for (int i = 0; i < s.n(); i++) {
            // n sequences are n independent chains (each may need several requests); seeds stay distinct.
            SamplingParams one = new SamplingParams(s.temperature(), s.topP(), s.topK(),
                    s.seed() == null ? null : s.seed() + i, 1);
            int sequence = i;
            parts.add(start(() -> settings.chat() ? chat.generate(request, one, scope, sequence)
                    : completions.generate(request, one, scope, sequence)));
        }
        CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).whenComplete((v, error) -> {
            if (error != null) {
                scope.cancel();
                result.completeExceptionally(unwrap(error));
            } else {
                List<GeneratedSequence> out = new ArrayList<>();
                parts.forEach(p -> out.add(p.join()));
                result.complete(out);
            }
        });
        return result;
    }

    @Override
    public CompletableFuture<float[]> score(ScoreRequest request) {
        CompletableFuture<float[]> result = new CompletableFuture<>();
        CallScope scope = CallScope.cancelledWith(result);
        start(() -> scorer.score(request, scope)).whenComplete((v, error) -> {
            if (error != null) {
                result.completeExceptionally(unwrap(error));
            } else {
                result.complete(v);
            }
        });
        return result;
    }

    private static <T> CompletableFuture<T> start(Supplier<CompletableFuture<T>> work) {
        try {
            return work.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    static Throwable unwrap(Throwable t) {
        Throwable e = t;
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    @Override
    public String toString() {
        return "OpenAiModel[" + settings.modelId() + "]";
    }
}
