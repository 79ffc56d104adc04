package dev.lmql.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lmql.constraint.ConstraintViolationException;
import dev.lmql.constraint.TokenConstraint;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MaskedDecoderTest {
    private final ByteTokenizer tok = new ByteTokenizer();

    private GenerationRequest request(String prompt, TokenConstraint c, SamplingParams s, Integer max,
            RecordingTracer tracer) {
        return new GenerationRequest(tok.encode(prompt), prompt, List.of(), c, s, max, tracer);
    }

    @Test
    void argmaxFollowsTheModelInsideTheMask() {
        PreferenceModel model = new PreferenceModel("zban", -30f);
        GeneratedSequence g = MaskedDecoder.generate(model,
                request("Q:", ByteChoiceConstraint.choice("apple", "banana"), SamplingParams.ARGMAX, null, null),
                "test").get(0);
        assertThat(g.text()).isEqualTo("banana");
        assertThat(g.finishReason()).isEqualTo(FinishReason.EOS);
        // first token: b vs a under the mask; the rest is forced (probability 1)
        double pb = Math.exp(-1) / (Math.exp(-1) + Math.exp(-2)); // b is 2nd, a 3rd in "zban"
        assertThat(g.logprobs()[0]).isCloseTo((float) Math.log(pb), org.assertj.core.data.Offset.offset(1e-4f));
        for (int i = 1; i < g.logprobs().length; i++) {
            assertThat(g.logprobs()[i]).isEqualTo(0f);
        }
    }

    @Test
    void eosEndsTheValueWhenAllowedAndLikely() {
        PreferenceModel model = new PreferenceModel("ab", 5f);
        GeneratedSequence g = MaskedDecoder.generate(model,
                request("", ByteChoiceConstraint.choice("a", "ab"), SamplingParams.ARGMAX, null, null), "test").get(0);
        assertThat(g.text()).isEqualTo("a");
        assertThat(g.finishReason()).isEqualTo(FinishReason.EOS);
    }

    @Test
    void maxTokensEndsWithLength() {
        PreferenceModel model = new PreferenceModel("xyz", -30f);
        GeneratedSequence g = MaskedDecoder.generate(model,
                request("", ByteChoiceConstraint.free(), SamplingParams.ARGMAX, 4, null), "test").get(0);
        assertThat(g.text()).isEqualTo("xxxx");
        assertThat(g.tokens()).hasSize(4);
        assertThat(g.finishReason()).isEqualTo(FinishReason.LENGTH);
    }

    @Test
    void stopPhraseEndsWithStop() {
        PreferenceModel model = new PreferenceModel("ab.", -30f);
        ByteChoiceConstraint c = new ByteChoiceConstraint(List.of("ab.", "ab.cd"), '.');
        GeneratedSequence g = MaskedDecoder.generate(model, request("", c, SamplingParams.ARGMAX, null, null), "test")
                .get(0);
        assertThat(g.text()).isEqualTo("ab.");
        assertThat(g.finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void deadConstraintRaisesAClearError() {
        PreferenceModel model = new PreferenceModel("a", -30f);
        // a constraint whose start state admits neither a token nor EOS
        ByteChoiceConstraint described = ByteChoiceConstraint.choice("x");
        TokenConstraint dead = (TokenConstraint) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {TokenConstraint.class},
                (proxy, method, args) -> method.getName().equals("start") ? new DeadState()
                        : method.invoke(described, args));
        assertThatThrownBy(() -> MaskedDecoder.generate(model, request("", dead, SamplingParams.ARGMAX, null, null), "t"))
                .isInstanceOf(ConstraintViolationException.class)
                .hasMessageContaining("can no longer be satisfied")
                .hasMessageContaining("X in [x]");
    }

    private static final class DeadState implements dev.lmql.constraint.ConstraintState {
        @Override
        public dev.lmql.constraint.TokenMask allowedTokens() {
            return dev.lmql.constraint.TokenMask.none(257);
        }

        @Override
        public boolean eosAllowed() {
            return false;
        }

        @Override
        public boolean isComplete() {
            return false;
        }

        @Override
        public dev.lmql.constraint.ConstraintState advance(int tokenId) {
            throw new ConstraintViolationException("dead");
        }

        @Override
        public byte[] valueBytes() {
            return new byte[0];
        }

        @Override
        public int tokenCount() {
            return 0;
        }
    }

    @Test
    void samplingIsDeterministicPerSeedAndVariesAcrossSeeds() {
        PreferenceModel model = new PreferenceModel("abcdefgh", -3f);
        SamplingParams s1 = new SamplingParams(1.0, null, null, 42L, 3);
        List<GeneratedSequence> a = MaskedDecoder.generate(model, request("", ByteChoiceConstraint.free(), s1, 12, null), "t");
        List<GeneratedSequence> b = MaskedDecoder.generate(model, request("", ByteChoiceConstraint.free(), s1, 12, null), "t");
        assertThat(a).hasSize(3);
        assertThat(a.stream().map(GeneratedSequence::text).toList())
                .isEqualTo(b.stream().map(GeneratedSequence::text).toList());
        Set<String> distinct = new HashSet<>();
        for (long seed = 0; seed < 20; seed++) {
            distinct.add(MaskedDecoder.generate(model, request("", ByteChoiceConstraint.free(),
                    new SamplingParams(1.0, null, null, seed, 1), 12, null), "t").get(0).text());
        }
        assertThat(distinct.size()).isGreaterThan(10);
    }

    @Test
    void topKOneIsGreedy() {
        PreferenceModel model = new PreferenceModel("qrs", -30f);
        SamplingParams s = new SamplingParams(2.0, null, 1, 7L, 1);
        GeneratedSequence g = MaskedDecoder.generate(model, request("", ByteChoiceConstraint.free(), s, 5, null), "t").get(0);
        assertThat(g.text()).isEqualTo("qqqqq");
    }

    @Test
    void smallTopPKeepsOnlyTheMostLikelyToken() {
        PreferenceModel model = new PreferenceModel("qrs", -30f);
        SamplingParams s = new SamplingParams(1.0, 0.01, null, 3L, 1);
        GeneratedSequence g = MaskedDecoder.generate(model, request("", ByteChoiceConstraint.free(), s, 5, null), "t").get(0);
        assertThat(g.text()).isEqualTo("qqqqq");
    }

    @Test
    void recordsOneEventWithTheEffectiveSeedAndMetrics() {
        PreferenceModel model = new PreferenceModel("ab", -30f);
        RecordingTracer tracer = new RecordingTracer();
        SamplingParams s = new SamplingParams(1.0, null, null, null, 2);
        List<GeneratedSequence> out = MaskedDecoder.generate(model, request("hi", ByteChoiceConstraint.free(), s, 3, tracer), "test");
        assertThat(tracer.events).hasSize(1);
        RecordingTracer.Event e = tracer.events.get(0);
        assertThat(e.name()).isEqualTo("test.generate");
        @SuppressWarnings("unchecked")
        Map<String, Object> kwargs = (Map<String, Object>) e.data().get("kwargs");
        assertThat((int[]) kwargs.get("ids")).containsExactly('h', 'i');
        long seed = (Long) kwargs.get("seed");
        // replaying with the recorded seed gives the same tokens
        List<GeneratedSequence> again = MaskedDecoder.generate(model, request("hi", ByteChoiceConstraint.free(),
                new SamplingParams(1.0, null, null, seed, 2), 3, null), "test");
        assertThat(again.get(0).tokens()).containsExactly(out.get(0).tokens());
        assertThat(again.get(1).tokens()).containsExactly(out.get(1).tokens());
        assertThat(tracer.tokens).isEqualTo(2 + 6);
    }

    @Test
    void zeroProbabilityForEveryAllowedTokenIsAViolation() {
        LogitsModel model = new PreferenceModel("a", -30f) {
            @Override
            public float[] nextLogprobs(int[] context) {
                float[] f = new float[257];
                java.util.Arrays.fill(f, Float.NEGATIVE_INFINITY);
                f['a'] = 0f;
                return f;
            }
        };
        assertThatThrownBy(() -> MaskedDecoder.generate(model,
                request("", ByteChoiceConstraint.choice("xy", "zw"), SamplingParams.ARGMAX, null, null), "t"))
                .isInstanceOf(ConstraintViolationException.class)
                .hasMessageContaining("probability 0");
    }
}
