package dev.lmql.decode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lmql.LLM;
import dev.lmql.Lmql;
import dev.lmql.QueryResult;
import dev.lmql.backend.LogitsModel;
import dev.lmql.backend.MaskedDecoder;
import dev.lmql.backend.ModelRegistry;
import dev.lmql.constraint.ConstraintState;
import dev.lmql.constraint.TokenConstraint;
import dev.lmql.lang.Expr;
import dev.lmql.lang.HoleType;
import dev.lmql.lang.WhereParser;
import dev.lmql.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** var's per-variable beam checked against an exhaustive search, and beam_var's bank allocation. */
class VariableLevelSearchTest {
    private static final String WHERE = "X in [\"yes\", \"no\", \"ok\"] and Y in [\"up\", \"down\"]";

    /** A value of a hole: its tokens and summed log-probability. */
    private record Path(int[] tokens, double logprob) {
    }

    /**
     * Every tokenization of every option is one path; with {@code b} larger than the number of paths the beam
     * sub-decoder finds them all, so after each hole var must keep exactly the {@code n} best of all extensions of
     * the kept hypotheses — computed here by enumerating every path of the constraint.
     */
    @Test
    void varKeepsTheBestNPerVariableAsAnExhaustiveSearchDoes() {
        for (long seed : new long[] {1, 2, 3}) {
            LogitsModel model = (LogitsModel) ModelRegistry.create("random", Map.of("seed", seed));
            Tokenizer tok = model.tokenizer();
            Expr where = WhereParser.parse(WHERE);
            TokenConstraint x = HoleConstraints.compile(where, "X", HoleType.TEXT, Map.of(), tok);
            TokenConstraint y = HoleConstraints.compile(where, "Y", HoleType.TEXT, Map.of(), tok);
            int n = 3;
            List<Hypothesis> kept = List.of(Hypothesis.start(tok).appendText("Q:", tok));
            kept = bestExtensions(model, kept, x, "X", n);
            List<Hypothesis> withText = new ArrayList<>();
            for (Hypothesis h : kept) {
                withText.add(h.appendText(" R:", tok));
            }
            List<Hypothesis> expected = bestExtensions(model, withText, y, "Y", n);

            List<QueryResult> out = Lmql.F("Q:[X] R:[Y]", WHERE).decoder("var(b=16, n=3, subdecoder=\"beam\")")
                    .runAll(LLM.of(model), Map.of());
            // the random model ties often: compare the scores in order, and each value with its score
            assertThat(out).hasSize(expected.size());
            List<Hypothesis> everyX = new ArrayList<>();
            for (Hypothesis h : bestExtensions(model, List.of(Hypothesis.start(tok).appendText("Q:", tok)), x, "X",
                    Integer.MAX_VALUE)) {
                everyX.add(h.appendText(" R:", tok));
            }
            List<Hypothesis> everyRun = bestExtensions(model, everyX, y, "Y", Integer.MAX_VALUE);
            for (int i = 0; i < out.size(); i++) {
                QueryResult r = out.get(i);
                assertThat(r.logprob()).isCloseTo(expected.get(i).logprob(), Offset.offset(1e-5));
                assertThat(everyRun).anySatisfy(h -> {
                    assertThat(h.text()).isEqualTo(r.prompt());
                    assertThat(h.logprob()).isCloseTo(r.logprob(), Offset.offset(1e-5));
                });
            }
        }
    }

    /** All paths of the hole after each hypothesis, best first, the n best kept. */
    private static List<Hypothesis> bestExtensions(LogitsModel model, List<Hypothesis> hyps, TokenConstraint c,
            String name, int n) {
        List<Hypothesis> all = new ArrayList<>();
        for (Hypothesis h : hyps) {
            List<Path> paths = new ArrayList<>();
            enumerate(model, h.tokens(), new int[0], c.start(), 0.0, paths);
            for (Path p : paths) {
                all.add(h.appendValue(name, model.tokenizer().decode(p.tokens()), model.tokenizer().decode(p.tokens()),
                        p.tokens(), p.logprob(), dev.lmql.backend.FinishReason.EOS));
            }
        }
        all.sort(Comparator.comparingDouble(Hypothesis::logprob).reversed());
        return all.subList(0, Math.min(n, all.size()));
    }

    /** Depth-first over the masked distribution, as the searches score it (forced steps cost nothing). */
    private static void enumerate(LogitsModel model, int[] prompt, int[] value, ConstraintState state, double lp,
            List<Path> out) {
        int eos = model.tokenizer().eos();
        if (state.isComplete()) {
            out.add(new Path(value, lp));
            return;
        }
        if (state.allowedTokens().isEmpty()) {
            if (state.eosAllowed()) {
                out.add(new Path(value, lp));
            }
            return;
        }
        if (state.allowedTokens().cardinality() == 1 && !state.eosAllowed()) {
            int t = state.allowedTokens().toArray()[0];
            enumerate(model, prompt, Hypothesis.concat(value, new int[] {t}), state.advance(t), lp, out);
            return;
        }
        float[] masked = MaskedDecoder.maskedLogprobs(model, Hypothesis.concat(prompt, value), state);
        for (int t = 0; t < masked.length; t++) {
            if (masked[t] == Float.NEGATIVE_INFINITY) {
                continue;
            }
            if (t == eos) {
                out.add(new Path(value, lp + masked[t]));
            } else {
                enumerate(model, prompt, Hypothesis.concat(value, new int[] {t}), state.advance(t), lp + masked[t],
                        out);
            }
        }
    }

    /** beam_sample's draws follow the tempered masked distribution, reproducibly per seed. */
    @Test
    void beamSampleDrawsFollowTheTemperedDistribution() {
        dev.lmql.backend.PreferenceModel model = new dev.lmql.backend.PreferenceModel("abc", -30f);
        TokenConstraint c = HoleConstraints.compile(WhereParser.parse("X in [\"a\", \"b\", \"c\"]"), "X",
                HoleType.TEXT, Map.of(), model.tokenizer());
        TokenSearch.Node start = new TokenSearch.Node(new int[0], c.start(), 0.0);
        for (double temperature : new double[] {1.0, 0.5}) {
            dev.lmql.backend.SamplingParams params = new dev.lmql.backend.SamplingParams(temperature, null, null, null, 1);
            dev.lmql.backend.SeededRandom rng = new dev.lmql.backend.SeededRandom(7);
            int[] counts = new int[3];
            int draws = 20_000;
            for (int i = 0; i < draws; i++) {
                List<TokenSearch.Step> steps = TokenSearch.sampledSteps(model, new int[0], start, 1, params, rng);
                counts[steps.get(0).token() - 'a']++;
            }
            double z = 1 + Math.exp(-1 / temperature) + Math.exp(-2 / temperature);
            for (int k = 0; k < 3; k++) {
                assertThat(counts[k] / (double) draws).as("T=" + temperature + " token " + (char) ('a' + k))
                        .isCloseTo(Math.exp(-k / temperature) / z, Offset.offset(0.015));
            }
        }
        // several draws per node merge duplicates and keep the untempered log-probabilities
        List<TokenSearch.Step> three = TokenSearch.sampledSteps(model, new int[0], start, 50,
                new dev.lmql.backend.SamplingParams(1.0, null, null, null, 1), new dev.lmql.backend.SeededRandom(1));
        assertThat(three).extracting(TokenSearch.Step::token).containsExactlyInAnyOrder((int) 'a', (int) 'b', (int) 'c');
        double z = 1 + Math.exp(-1) + Math.exp(-2);
        for (TokenSearch.Step s : three) {
            assertThat(s.logprob()).isCloseTo(-(s.token() - 'a') - Math.log(z), Offset.offset(1e-5));
        }
    }

    @Test
    void bankSizesFollowPostAndVilar() {
        // even split, remainder to the bank with most completed holes
        assertThat(VariableBeamSearch.bankSizes(counts(0, 5, 1, 5, 2, 5), 4)).isEqualTo(Map.of(0, 1, 1, 1, 2, 2));
        // a bank with too few hypotheses rolls its slots over to banks with more completed holes
        assertThat(VariableBeamSearch.bankSizes(counts(0, 1, 1, 5), 6)).isEqualTo(Map.of(0, 1, 1, 5));
        // and what the last bank cannot use goes back down
        assertThat(VariableBeamSearch.bankSizes(counts(0, 5, 1, 1), 6)).isEqualTo(Map.of(0, 5, 1, 1));
        assertThat(VariableBeamSearch.bankSizes(counts(3, 2), 4)).isEqualTo(Map.of(3, 2));
        assertThat(VariableBeamSearch.bankSizes(Map.of(), 4)).isEmpty();
    }

    @Test
    void lengthNormalisedScore() {
        assertThat(VariableBeamSearch.score(-2.0, 4, 1.0)).isEqualTo(-0.5);
        assertThat(VariableBeamSearch.score(-2.0, 4, 0.0)).isEqualTo(-2.0);
        assertThat(VariableBeamSearch.score(-2.0, 4, 0.5)).isEqualTo(-1.0);
        assertThat(VariableBeamSearch.score(0.0, 0, 0.7)).isEqualTo(0.0);
    }

    private static Map<Integer, Integer> counts(int... pairs) {
        Map<Integer, Integer> m = new TreeMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }
}
