package dev.lmql.backend.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lmql.backend.FinishReason;
import dev.lmql.backend.GeneratedSequence;
import dev.lmql.backend.GenerationRequest;
import dev.lmql.backend.ModelRegistry;
import dev.lmql.backend.SamplingParams;
import dev.lmql.constraint.Constraint;
import dev.lmql.constraint.Constraints;
import dev.lmql.constraint.TokenConstraint;
import dev.lmql.trace.Tracer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every constraint kind through the real engine: stories260K.gguf (a real TinyStories model, 512 tokens) and
 * llama-2-tiny-random.gguf (F16 weights, the 32000-token Llama-2 vocabulary). Each value is checked independently
 * of the constraint code.
 */
class LocalConstraintsEndToEndTest {
    static final List<String> FRUITS = List.of("apple", "banana", "cherry", "date", "elderberry", "fig", "grape",
            "honeydew", "kiwi", "lemon", "mango", "nectarine", "orange", "papaya", "quince", "raspberry",
            "strawberry", "tangerine", "watermelon", "blueberry");

    static LocalModel stories;
    static LocalModel tiny;

    @BeforeAll
    static void load() {
        stories = (LocalModel) ModelRegistry.create("local:stories260K.gguf", Map.of("threads", 2));
        tiny = (LocalModel) ModelRegistry.create("local:llama-2-tiny-random.gguf", Map.of("threads", 2, "seed", 3));
    }

    @AfterAll
    static void close() {
        stories.close();
        tiny.close();
    }

    static Stream<Arguments> kinds() {
        return Stream.of(
                kind("choice", Constraints.choice(FRUITS), v -> FRUITS.contains(v)),
                kind("int", Constraints.integer(), v -> v.matches("-?[0-9]+")),
                kind("float", Constraints.floating(), v -> v.matches("-?[0-9]+(\\.[0-9]+)?")),
                kind("regex", Constraints.regex("[a-z]{2,5}-[0-9]{2}"), v -> v.matches("[a-z]{2,5}-[0-9]{2}")),
                kind("startsWith", Constraints.and(Constraints.startsWith(" She"), Constraints.tokenLength(1, 6)),
                        v -> v.startsWith(" She")),
                kind("notContains", Constraints.and(Constraints.notContains("e"), Constraints.tokenLength(1, 6)),
                        v -> !v.contains("e")),
                kind("charLength", Constraints.charLength(3, 8), v -> v.length() >= 3 && v.length() <= 8),
                kind("tokenLength", Constraints.tokenLength(2, 4), v -> !v.isEmpty()),
                kind("wordCount", Constraints.and(Constraints.wordCount(1, 3), Constraints.tokenLength(1, 10)),
                        v -> v.trim().split("\\s+").length <= 3),
                kind("stopsAt", Constraints.and(Constraints.stopsAt("."), Constraints.tokenLength(1, 40)),
                        v -> !v.contains(".") || v.indexOf('.') == v.length() - 1));
    }

    private static Arguments kind(String name, Constraint c, Predicate<String> check) {
        return Arguments.of(name, c, check);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void everyKindOnBothModels(String name, Constraint constraint, Predicate<String> check) {
        for (LocalModel model : List.of(stories, tiny)) {
            TokenConstraint tc = constraint.compile(model.tokenizer());
            int[] prompt = withBos(model, model.tokenizer().encode("Once upon a time, there was a"));
            List<GeneratedSequence> results = new ArrayList<>();
            results.add(generate(model, prompt, tc, SamplingParams.ARGMAX, 24).get(0));
            results.addAll(generate(model, prompt, tc, new SamplingParams(1.0, null, null, 11L, 3), 24));
            for (GeneratedSequence g : results) {
                String value = tc.postProcess(g.text());
                if (g.finishReason() != FinishReason.LENGTH) {
                    assertThat(check.test(value)).as("%s on %s: value \"%s\" (%s)", name, model.id(), value,
                            g.finishReason()).isTrue();
                }
                for (float lp : g.logprobs()) {
                    assertThat(lp).isLessThanOrEqualTo(0f);
                }
            }
        }
    }

    @Test
    void twentyOptionChoiceOverThe32000TokenVocabularyEndsOnAnOption() {
        TokenConstraint tc = Constraints.choice(FRUITS).compile(tiny.tokenizer());
        int[] prompt = withBos(tiny, tiny.tokenizer().encode("My favourite fruit is"));
        for (GeneratedSequence g : generate(tiny, prompt, tc, new SamplingParams(1.0, null, null, 5L, 6), null)) {
            assertThat(g.finishReason()).isNotEqualTo(FinishReason.LENGTH);
            assertThat(FRUITS).contains(tc.postProcess(g.text()));
        }
    }

    @Test
    void intHoleOverThe32000TokenVocabularyGivesDigits() {
        TokenConstraint tc = Constraints.and(Constraints.integer(), Constraints.tokenLength(1, 5))
                .compile(tiny.tokenizer());
        int[] prompt = withBos(tiny, tiny.tokenizer().encode("The answer is"));
        for (GeneratedSequence g : generate(tiny, prompt, tc, new SamplingParams(0.8, null, 40, 9L, 4), null)) {
            assertThat(tc.postProcess(g.text())).matches("-?[0-9]+");
        }
    }

    private static int[] withBos(LocalModel model, int[] ids) {
        int[] out = new int[ids.length + 1];
        out[0] = model.tokenizer().bos().orElseThrow();
        System.arraycopy(ids, 0, out, 1, ids.length);
        return out;
    }

    private static List<GeneratedSequence> generate(LocalModel model, int[] prompt, TokenConstraint tc,
            SamplingParams sampling, Integer maxTokens) {
        return model.generate(new GenerationRequest(prompt, "", List.of(), tc, sampling, maxTokens, Tracer.NONE))
                .join();
    }
}
