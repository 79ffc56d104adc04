package dev.lmql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lmql.decode.Session;
import dev.lmql.testing.SharedModels;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The interpreter, decoders and sessions on a real model: the TinyStories model stories260K.gguf. */
class LocalModelQueryTest {
    private static LLM stories;

    @BeforeAll
    static void load() {
        stories = Lmql.model("local:" + SharedModels.file("stories260K.gguf"), Map.of("threads", 1));
    }

    @Test
    void argmaxMatchesTheReferenceImplementation() {
        // llama.cpp's greedy continuation of "Once upon a time" (BOS + prompt)
        assertThat(stories.generateSync("Once upon a time", 8)).isEqualTo(", there was a little girl");
    }

    @Test
    void constrainedHolesOnARealModel() {
        QueryResult r = Lmql.F("Once upon a time, there was a [ANIMAL]. It was [AGE: int] years old.",
                "ANIMAL in [\"cat\", \"dog\", \"little girl\"] and len(TOKENS(AGE)) < 3").run(stories, Map.of());
        assertThat(r.getString("ANIMAL")).isIn("cat", "dog", "little girl");
        assertThat(r.getLong("AGE")).isNotNegative();
        assertThat(r.prompt()).startsWith("Once upon a time, there was a " + r.getString("ANIMAL") + ". It was ");
    }

    @Test
    void beamIsSortedAndItsBestIsAtLeastAsLikelyAsGreedy() {
        LmqlQuery q = Lmql.F("Once upon a time[X]").decoder("beam(n=3, max_tokens=4)");
        List<QueryResult> beams = q.runAll(stories, Map.of());
        assertThat(beams).hasSize(3);
        for (int i = 1; i < beams.size(); i++) {
            assertThat(beams.get(i - 1).logprob()).isGreaterThanOrEqualTo(beams.get(i).logprob());
        }
        QueryResult greedy = Lmql.F("Once upon a time[X]").maxTokens(4).run(stories, Map.of());
        assertThat(beams.get(0).logprob()).isGreaterThanOrEqualTo(greedy.logprob() - 1e-4);
    }

    @Test
    void distributionFavoursTheModelsContinuation() {
        QueryResult r = Lmql.F("Once upon a time, there was a little[X]")
                .distribution("X in [\" girl\", \" xylophone quantum\"]").run(stories, Map.of());
        assertThat(r.distribution().mostLikely()).isEqualTo(" girl");
        assertThat(r.distribution().probability(" girl")).isGreaterThan(0.5);
    }

    @Test
    void sessionContinuesTheSamePromptAsTheQuery() {
        Session s = stories.session();
        s.append("Once upon a time");
        String first = s.fill("A", "len(TOKENS(A)) < 4");
        s.append(" and");
        String second = s.fill("B", "len(TOKENS(B)) < 4");
        QueryResult q = Lmql.F("Once upon a time[A] and[B]", "len(TOKENS(A)) < 4 and len(TOKENS(B)) < 4")
                .run(stories, Map.of());
        assertThat(List.of(first, second)).containsExactly(q.getString("A"), q.getString("B"));
        assertThat(s.prompt()).isEqualTo(q.prompt());
    }

    @Test
    void samplingIsReproduciblePerSeed() {
        LmqlQuery q = Lmql.F("Once upon a time[X]").decoder("sample(n=2, seed=5, temperature=0.9, max_tokens=6)");
        // a second LLM instance, so the result is not served from the first one's call cache
        LLM again = Lmql.model("local:" + SharedModels.file("stories260K.gguf"), Map.of("threads", 1));
        List<QueryResult> first = q.runAll(stories, Map.of());
        assertThat(first).hasSize(2);
        List<QueryResult> second = q.runAll(again, Map.of());
        // same tokens; log-probabilities agree up to float rounding (KV-cache reuse changes summation order)
        assertThat(second.stream().map(QueryResult::variables).toList())
                .isEqualTo(first.stream().map(QueryResult::variables).toList());
        for (int i = 0; i < first.size(); i++) {
            assertThat(second.get(i).logprob()).isCloseTo(first.get(i).logprob(), org.assertj.core.data.Offset.offset(1e-4));
        }
    }
}
