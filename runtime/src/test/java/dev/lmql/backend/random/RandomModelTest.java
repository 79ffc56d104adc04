package dev.lmql.backend.random;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lmql.backend.ByteChoiceConstraint;
import dev.lmql.backend.ByteTokenizer;
import dev.lmql.backend.FinishReason;
import dev.lmql.backend.GeneratedSequence;
import dev.lmql.backend.GenerationRequest;
import dev.lmql.backend.MaskedDecoder;
import dev.lmql.backend.SamplingParams;
import dev.lmql.backend.ScoreRequest;
import dev.lmql.constraint.TokenConstraint;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class RandomModelTest {
    private final ByteTokenizer tok = new ByteTokenizer();

    private GeneratedSequence run(RandomModel m, String prompt, TokenConstraint c, SamplingParams s) {
        return m.generate(new GenerationRequest(tok.encode(prompt), prompt, List.of(), c, s, null, null)).join().get(0);
    }

    @Test
    void sameSeedAndPromptGiveTheSameValue() {
        RandomModel a = new RandomModel("random", tok, 1);
        RandomModel b = new RandomModel("random", tok, 1);
        for (String prompt : List.of("Hello", "Q: x", "")) {
            assertThat(run(a, prompt, ByteChoiceConstraint.free(), SamplingParams.ARGMAX).text())
                    .isEqualTo(run(b, prompt, ByteChoiceConstraint.free(), SamplingParams.ARGMAX).text());
        }
    }

    @Test
    void differentSeedsAndPromptsGiveDifferentValues() {
        Set<String> values = new HashSet<>();
        for (int seed = 0; seed < 10; seed++) {
            values.add(run(new RandomModel("random", tok, seed), "Hi", ByteChoiceConstraint.free(),
                    SamplingParams.ARGMAX).text());
        }
        assertThat(values.size()).isGreaterThan(5);
    }

    @Test
    void freeTextEndsWithEosWellBeforeTheCap() {
        RandomModel m = new RandomModel("random", tok, 3);
        int total = 0;
        for (int i = 0; i < 50; i++) {
            GeneratedSequence g = run(m, "prompt " + i, ByteChoiceConstraint.free(), SamplingParams.ARGMAX);
            assertThat(g.finishReason()).isEqualTo(FinishReason.EOS);
            total += g.tokens().length;
        }
        // EOS has mass 1/8 whenever allowed: about 7 tokens on average
        assertThat(total / 50.0).isBetween(3.0, 14.0);
    }

    @Test
    void choiceValuesAreOptionsAndAllOptionsOccur() {
        Set<String> seen = new HashSet<>();
        for (int seed = 0; seed < 40; seed++) {
            String v = run(new RandomModel("random", tok, seed), "Pick:", ByteChoiceConstraint.choice("red", "green", "blue"),
                    SamplingParams.ARGMAX).text();
            assertThat(v).isIn("red", "green", "blue");
            seen.add(v);
        }
        assertThat(seen).containsExactlyInAnyOrder("red", "green", "blue");
    }

    @Test
    void unseededSamplingUsesTheModelSeed() {
        RandomModel m = new RandomModel("random", tok, 9);
        SamplingParams s = new SamplingParams(1.0, null, null, null, 1);
        assertThat(run(m, "abc", ByteChoiceConstraint.free(), s).text())
                .isEqualTo(run(new RandomModel("random", tok, 9), "abc", ByteChoiceConstraint.free(), s).text());
    }

    @Test
    void scoreReturnsTheLogprobsOfTheUnconstrainedDistribution() {
        RandomModel m = new RandomModel("random", tok, 5);
        int[] prompt = tok.encode("Say:");
        int[] cont = tok.encode(" hello");
        float[] scores = m.score(new ScoreRequest(prompt, cont, null)).join();
        assertThat(scores).hasSize(cont.length);
        for (int i = 0; i < cont.length; i++) {
            int[] context = java.util.Arrays.copyOf(tok.encode("Say: hello"), prompt.length + i);
            assertThat(scores[i]).isEqualTo(m.nextLogprobs(context)[cont[i]]);
        }
    }

    @Test
    void generatedLogprobsComeFromTheMaskedDistribution() {
        RandomModel m = new RandomModel("random", tok, 5);
        GeneratedSequence g = run(m, "Say:", ByteChoiceConstraint.free(), SamplingParams.ARGMAX);
        assertThat(g.tokens()).isNotEmpty();
        // 95 ASCII tokens + EOS: the favourite first token has weight 1.01/8 of 1/8 + 7/8 - 7/8/95 + 1.01/8
        double total = 1.0 / 8 + 7.0 / 8 - 7.0 / 8 / 95 + 1.01 / 8;
        assertThat(g.logprobs()[0]).isCloseTo((float) Math.log(1.01 / 8 / total), Offset.offset(1e-5f));
    }

    @Test
    void distributionIsNormalisedAndUniformUpToTheFavourite() {
        RandomModel m = new RandomModel("random", tok, 5);
        float[] lp = m.nextLogprobs(tok.encode("x"));
        assertThat(MaskedDecoder.logSumExp(lp)).isCloseTo(0.0, Offset.offset(1e-5));
        int favourite = MaskedDecoder.argmax(lp);
        int other = favourite == 'a' ? 'b' : 'a';
        if (favourite != ByteTokenizer.EOS) {
            // the favourite sits just above EOS (mass 1/8); every other byte has the same probability
            assertThat(lp[favourite] - lp[ByteTokenizer.EOS]).isCloseTo((float) Math.log(RandomModel.FAVOURITE_BOOST),
                    Offset.offset(1e-4f));
            assertThat(lp[other]).isEqualTo(lp['z' == favourite ? 'y' : 'z']);
        }
    }
}
