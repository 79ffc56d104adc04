package dev.lmql.backend.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.lmql.backend.FinishReason;
import dev.lmql.backend.GeneratedSequence;
import dev.lmql.backend.GenerationRequest;
import dev.lmql.backend.LanguageModel;
import dev.lmql.backend.ModelRegistry;
import dev.lmql.backend.SamplingParams;
import dev.lmql.backend.ScoreRequest;
import dev.lmql.constraint.TokenMask;
import dev.lmql.testing.SharedModels;
import dev.lmql.trace.Tracer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link LocalModel} on stories260K.gguf through the model registry: generation, scoring, KV-cache reuse. */
class LocalModelTest {
    static final int[] PROMPT = {1, 403, 407, 261, 378}; // BOS "Once upon a time"
    static final int[] GREEDY = {432, 383, 286, 261, 376, 298, 315, 421}; // ", there was a little girl" (llama.cpp)

    static LocalModel model;

    @BeforeAll
    static void load() {
        LanguageModel m = ModelRegistry.create("local:stories260K.gguf", Map.of("threads", 2));
        assertThat(m).isInstanceOf(LocalModel.class);
        model = (LocalModel) m;
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void greedyGenerationEqualsLlamaCpp() {
        RecordingTracer tracer = new RecordingTracer();
        GenerationRequest request = new GenerationRequest(PROMPT, "Once upon a time", List.of(),
                new AnyValueConstraint(model.tokenizer()), SamplingParams.ARGMAX, 8, tracer);
        GeneratedSequence g = model.generate(request).join().get(0);
        assertThat(g.tokens()).containsExactly(GREEDY);
        assertThat(g.text()).isEqualTo(", there was a little girl");
        assertThat(g.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(g.logprobs()[0]).isCloseTo(-0.0318f, within(2e-3f));
        assertThat(tracer.names).containsExactly("local.generate");
        @SuppressWarnings("unchecked")
        Map<String, Object> identity = (Map<String, Object>) tracer.data.get(0).get("model");
        assertThat(identity).containsEntry("backend", "local").containsEntry("model", "stories260K.gguf")
                .containsEntry("sha256", "270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d")
                .containsEntry("architecture", "llama").containsKey("engine");
        @SuppressWarnings("unchecked")
        Map<String, Object> engine = (Map<String, Object>) identity.get("engine");
        assertThat(engine).containsEntry("threads", 2).containsEntry("vector_api", SimdDot.ENABLED)
                .containsEntry("vector_quantized_kernels", SimdDot.QUANTIZED).containsEntry("kv_cache", "f32");
        assertThat(tracer.metrics).contains("local");
    }

    @Test
    void masksRestrictTheSampledTokensAndSeedsReproduce() {
        TokenMask fewWords = TokenMask.of(model.tokenizer().vocabSize(), 383, 286, 261, 376);
        SamplingParams sample = new SamplingParams(1.0, 0.95, 50, 7L, 3);
        GenerationRequest request = new GenerationRequest(PROMPT, "", List.of(), new AnyValueConstraint(fewWords),
                sample, 12, Tracer.NONE);
        List<GeneratedSequence> first = model.generate(request).join();
        assertThat(first).hasSize(3);
        for (GeneratedSequence g : first) {
            for (int t : g.tokens()) {
                assertThat(t).isIn(383, 286, 261, 376);
            }
        }
        List<GeneratedSequence> again = model.generate(request).join();
        for (int i = 0; i < 3; i++) {
            assertThat(again.get(i).tokens()).containsExactly(first.get(i).tokens());
        }
    }

    @Test
    void scoreMatchesNextLogprobs() {
        RecordingTracer tracer = new RecordingTracer();
        float[] scores = model.score(new ScoreRequest(PROMPT, GREEDY, tracer)).join();
        assertThat(tracer.names).containsExactly("local.score");
        assertThat(tracer.metrics).containsExactly("local");
        int[] context = PROMPT;
        for (int i = 0; i < GREEDY.length; i++) {
            float[] lp = model.nextLogprobs(context);
            assertThat(scores[i]).as("token %d", i).isCloseTo(lp[GREEDY[i]], within(1e-4f));
            context = append(context, GREEDY[i]);
        }
    }

    @Test
    void extendingAContextOnlyRunsTheNewTokens() {
        int[] prompt = {1, 403, 407, 261, 378, 432, 383};
        model.nextLogprobs(prompt);
        long before = model.processedTokens();
        float[] next = model.nextLogprobs(append(prompt, 286));
        assertThat(model.processedTokens() - before).isEqualTo(1);
        // the same context again costs nothing
        before = model.processedTokens();
        assertThat(model.nextLogprobs(append(prompt, 286))).containsExactly(next);
        assertThat(model.processedTokens()).isEqualTo(before);
    }

    @Test
    void alternatingHypothesesKeepTheirCaches() {
        int[] shared = {1, 403, 407, 261, 378, 432, 383, 286, 261};
        int[] a = append(shared, 376);
        int[] b = append(shared, 298);
        float[] fresh;
        try (LocalModel other = (LocalModel) ModelRegistry.create("local:stories260K.gguf", Map.of("threads", 1))) {
            fresh = other.nextLogprobs(append(b, 315));
        }
        model.nextLogprobs(a);
        model.nextLogprobs(b);
        long before = model.processedTokens();
        model.nextLogprobs(append(a, 315));
        float[] viaCache = model.nextLogprobs(append(b, 315));
        assertThat(model.processedTokens() - before).isEqualTo(2);
        for (int i = 0; i < fresh.length; i++) {
            assertThat(viaCache[i]).isCloseTo(fresh[i], within(1e-5f));
        }
    }

    @Test
    void clearErrorsForBadRequestsAndOptions() {
        assertThatThrownBy(() -> model.nextLogprobs(new int[0])).hasMessageContaining("empty");
        assertThatThrownBy(() -> model.nextLogprobs(new int[] {1, 99999})).hasMessageContaining("token id 99999")
                .hasMessageContaining("vocabulary of 512");
        assertThatThrownBy(() -> ModelRegistry.create("local:stories260K.gguf", Map.of("thread", 2)))
                .hasMessageContaining("unknown option 'thread'").hasMessageContaining("threads");
        assertThatThrownBy(() -> ModelRegistry.create("local:stories260K.gguf", Map.of("kv_cache", "q4")))
                .hasMessageContaining("kv_cache");
        assertThatThrownBy(() -> ModelRegistry.create("local:no-such-model.gguf", Map.of()))
                .hasMessageContaining("not found").hasMessageContaining("LMQL_MODEL_PATH");
        try (LocalModel small = (LocalModel) ModelRegistry.create("local:" + SharedModels.file("stories260K.gguf"),
                Map.of("context_length", 8, "threads", "1"))) {
            assertThat(small.contextLength()).isEqualTo(8);
            assertThatThrownBy(() -> small.nextLogprobs(new int[9])).hasMessageContaining("context length 8");
            GenerationRequest r = new GenerationRequest(PROMPT, "", List.of(), new AnyValueConstraint(small.tokenizer()),
                    SamplingParams.ARGMAX, null, Tracer.NONE);
            GeneratedSequence g = small.generate(r).join().get(0);
            assertThat(g.tokens()).hasSize(3); // the context ends after 8 tokens
            assertThat(g.finishReason()).isEqualTo(FinishReason.LENGTH);
            assertThatThrownBy(() -> small.score(new ScoreRequest(PROMPT, new int[] {1, 2, 3, 4}, Tracer.NONE)).join())
                    .isInstanceOf(CompletionException.class).hasMessageContaining("context length 8");
        }
    }

    static int[] append(int[] a, int t) {
        int[] out = Arrays.copyOf(a, a.length + 1);
        out[a.length] = t;
        return out;
    }

    /** Records events and metric backends. */
    static final class RecordingTracer implements Tracer {
        final List<String> names = new ArrayList<>();
        final List<Map<String, Object>> data = new ArrayList<>();
        final List<String> metrics = new ArrayList<>();

        @Override
        public synchronized void event(String name, Map<String, Object> d) {
            names.add(name);
            data.add(d);
        }

        @Override
        public synchronized void addMetrics(String backend, long requests, long batchSize, long tokens) {
            metrics.add(backend);
        }
    }
}
