package dev.lmql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lmql.backend.LanguageModel;
import dev.lmql.backend.ModelRegistry;
import dev.lmql.backend.PreferenceModel;
import dev.lmql.decode.HoleListener;
import dev.lmql.testing.SharedModels;
import dev.lmql.trace.InferenceCertificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** LMQL's beam_sample, beam_var, var and bsseq decoders on the random model, stories260K and a hand-made model. */
class FurtherDecodersQueryTest {
    private static final List<String> DECODERS = List.of("beam_sample(n=3, seed=5)", "beam_var(n=3)",
            "var(b=3, seed=2)", "var(b=2, n=3, subdecoder=\"beam\")", "var(b=3, subdecoder=\"beam_seq\")",
            "bsseq(b=3)");
    private static final String TEMPLATE = "Colour:[COLOUR] Count:[COUNT] Note:[NOTE]";
    private static final String WHERE = "COLOUR in [\" red\", \" green\", \" light blue\"] and INT(COUNT) "
            + "and len(TOKENS(COUNT)) < 3 and STOPS_AT(NOTE, \".\") and len(TOKENS(NOTE)) < 4";
    private static LLM stories;
    private final LLM random = Lmql.model("random", Map.of("seed", 3));

    @BeforeAll
    static void load() {
        stories = Lmql.model("local:" + SharedModels.file("stories260K.gguf"), Map.of("threads", 1));
    }

    @Test
    void everyDecodersResultsObeyTheConstraintsOnTheRandomModel() {
        for (String decoder : DECODERS) {
            List<QueryResult> out = Lmql.F(TEMPLATE, WHERE).decoder(decoder).runAll(random, Map.of());
            assertThat(out).as(decoder).isNotEmpty().hasSizeLessThanOrEqualTo(3);
            for (QueryResult r : out) {
                assertThat(r.getString("COLOUR")).as(decoder).isIn(" red", " green", " light blue");
                assertThat(r.getString("COUNT")).as(decoder).matches("-?[0-9]+");
                assertThat(random.getTokenizer().encode(r.getString("NOTE")).length).isLessThanOrEqualTo(4);
                String note = r.getString("NOTE");
                assertThat(note.indexOf('.')).as(decoder).isIn(-1, note.length() - 1);
                // INT values are converted (a leading 0 is dropped), the prompt keeps the generated digits
                assertThat(r.prompt()).startsWith("Colour:" + r.getString("COLOUR") + " Count:").endsWith(" Note:" + note)
                        .matches("(?s)Colour:.* Count:-?[0-9]+ Note:.*");
            }
            assertThat(out.stream().map(QueryResult::prompt).distinct()).as(decoder).hasSize(out.size());
            if (!decoder.startsWith("beam_var")) {
                for (int i = 1; i < out.size(); i++) {
                    assertThat(out.get(i - 1).logprob()).as(decoder).isGreaterThanOrEqualTo(out.get(i).logprob());
                }
            }
        }
    }

    @Test
    void everyDecoderRunsUnderConstraintsOnStories260K() {
        for (String decoder : DECODERS) {
            List<QueryResult> out = Lmql.F("Once upon a time, there was a [ANIMAL]. It was [AGE: int] years old.",
                    "ANIMAL in [\"cat\", \"dog\", \"little girl\"] and len(TOKENS(AGE)) < 3").decoder(decoder)
                    .runAll(stories, Map.of());
            assertThat(out).as(decoder).isNotEmpty().hasSizeLessThanOrEqualTo(3);
            for (QueryResult r : out) {
                assertThat(r.getString("ANIMAL")).isIn("cat", "dog", "little girl");
                assertThat(r.getLong("AGE")).isNotNegative();
            }
        }
        // the beam's best is at least as likely as greedy decoding of a free hole
        QueryResult greedy = Lmql.F("Once upon a time[X]").maxTokens(3).run(stories, Map.of());
        List<QueryResult> beams = Lmql.F("Once upon a time[X]").decoder("var(b=3, subdecoder=\"beam\")").maxTokens(3)
                .runAll(stories, Map.of());
        assertThat(beams.get(0).logprob()).isGreaterThanOrEqualTo(greedy.logprob() - 1e-4);
    }

    @Test
    void beamSampleWithASeedReproduces() {
        LmqlQuery q = Lmql.F("Say:[A] and[B]").decoder("beam_sample(n=3, seed=11, max_tokens=4)");
        List<QueryResult> first = q.runAll(random, Map.of());
        assertThat(first).hasSize(3);
        assertThat(q.runAll(Lmql.model("random", Map.of("seed", 3)), Map.of())).isEqualTo(first);
        List<QueryResult> other = Lmql.F("Say:[A] and[B]").decoder("beam_sample(n=3, seed=12, max_tokens=4)")
                .runAll(random, Map.of());
        assertThat(other).isNotEqualTo(first);
        // temperature 0 draws only the most likely token: beam_sample becomes greedy decoding
        QueryResult greedy = Lmql.F("Say:[A]").maxTokens(4).run(random, Map.of());
        List<QueryResult> cold = Lmql.F("Say:[A]").decoder("beam_sample(n=2, temperature=0, max_tokens=4)")
                .runAll(random, Map.of());
        assertThat(cold).hasSize(1);
        assertThat(cold.get(0).prompt()).isEqualTo(greedy.prompt());
    }

    /**
     * A context-free model over bytes that prefers {@code b}, then {@code a}, {@code d}, {@code e}: the one-token value
     * "b" has the highest sum of log-probabilities, the ten-token values "ad…" and "ae…" (eight forced tokens of
     * log-probability 0) the highest mean. beam_var's length penalty sum / tokens^alpha decides.
     */
    @Test
    void beamVarsLengthPenaltyRanksAsTheFormulaSays() {
        LLM model = LLM.of(new PreferenceModel("badex", -30f));
        LmqlQuery q = Lmql.F("Pick:[X]", "X in [\"b\", \"adxxxxxxxx\", \"aexxxxxxxx\"]");
        double lpB = -Math.log(1 + Math.exp(-1));                       // b against a
        double lpA = -1 - Math.log(1 + Math.exp(-1));
        double lpD = -Math.log(1 + Math.exp(-1));                       // d against e
        double lpE = -1 - Math.log(1 + Math.exp(-1));
        Map<String, Double> sums = Map.of("b", lpB, "adxxxxxxxx", lpA + lpD, "aexxxxxxxx", lpA + lpE);
        assertThat(values(q.decoder("beam_var(n=3, alpha=0)").runAll(model, Map.of())))
                .containsExactly("b", "adxxxxxxxx", "aexxxxxxxx");
        assertThat(values(q.decoder("beam_var(n=3, alpha=1)").runAll(model, Map.of())))
                .containsExactly("adxxxxxxxx", "aexxxxxxxx", "b");
        for (double alpha : new double[] {0, 0.3, 0.7, 1, 2}) {
            List<QueryResult> out = q.decoder("beam_var(n=3, alpha=" + alpha + ")").runAll(model, Map.of());
            assertThat(out).hasSize(3);
            List<Double> scores = new ArrayList<>();
            for (QueryResult r : out) {
                String x = r.getString("X");
                assertThat(r.logprob()).isCloseTo(sums.get(x), Offset.offset(1e-5));
                scores.add(sums.get(x) / Math.pow(x.length(), alpha));
            }
            for (int i = 1; i < scores.size(); i++) {
                assertThat(scores.get(i - 1)).as("alpha " + alpha).isGreaterThanOrEqualTo(scores.get(i));
            }
        }
        // prune=p drops live hypotheses whose sum is at most p times the best finished one's ("b" finishes first)
        assertThat(values(q.decoder("beam_var(n=3, alpha=1, prune=1)").runAll(model, Map.of()))).containsExactly("b");
        assertThat(values(q.decoder("beam_var(n=3, alpha=1, prune=6)").runAll(model, Map.of())))
                .containsExactly("adxxxxxxxx", "b");
        // return_first stops at the first finished hypothesis: the short value
        assertThat(values(q.decoder("beam_var(n=3, alpha=1, return_first=True)").runAll(model, Map.of())))
                .containsExactly("b");
    }

    @Test
    void beamVarCarriesHypothesesAcrossHolesAndTheDistributionClause() {
        LmqlQuery q = Lmql.F("A:[A] B:[B] Label:[L]", "A in [\" x\", \" y\"] and B in [\" u\", \" v\", \" w\"]")
                .decoder("beam_var(n=4)").distribution("L in [\" good\", \" bad\"]");
        List<String> heard = new ArrayList<>();
        HoleListener listener = new HoleListener() {
            @Override
            public void onPartial(int result, String variable, String textSoFar) {
                heard.add("partial");
            }

            @Override
            public void onValue(int result, String variable, Object value) {
                heard.add(result + ":" + variable + "=" + value);
            }
        };
        List<QueryResult> out = q.execute(new QueryCall(random, Map.of(), null, null), listener).join();
        assertThat(out).hasSize(4);
        assertThat(out.stream().map(r -> r.getString("A") + r.getString("B")).distinct()).hasSize(4);
        for (QueryResult r : out) {
            assertThat(r.distribution().entries()).hasSize(2);
            assertThat(r.prompt()).startsWith("A:" + r.getString("A") + " B:" + r.getString("B") + " Label:");
        }
        assertThat(heard).contains("0:A=" + out.get(0).getString("A"), "3:B=" + out.get(3).getString("B"))
                .doesNotContain("partial");
        // var's samples are ranked and dropped after the hole: values only, never partial text
        heard.clear();
        Lmql.F("Say:[A]").decoder("var(b=3, seed=4, max_tokens=3)")
                .execute(new QueryCall(random, Map.of(), null, null), listener).join();
        assertThat(heard).hasSize(3).doesNotContain("partial");
    }

    @Test
    void beamVarInjectsStopPhrasesAndPrunes() {
        LmqlQuery q = Lmql.F("Say:[A]", "STOPS_AT(A, \".\") and len(TOKENS(A)) < 6");
        for (String decoder : List.of("beam_var(n=2, inject_stop=True)", "beam_var(n=2, prune=1.5)")) {
            List<QueryResult> out = q.decoder(decoder).runAll(random, Map.of());
            assertThat(out).as(decoder).isNotEmpty().hasSizeLessThanOrEqualTo(2);
            for (QueryResult r : out) {
                assertThat(r.getString("A").indexOf('.')).isIn(-1, r.getString("A").length() - 1);
            }
        }
        // a model that never ranks "." among its 2 best tokens: only injection can end the value at the stop phrase;
        // the injected "." finishes at the first step, which return_first returns
        LLM prefers = LLM.of(new PreferenceModel("ab", -30f));
        LmqlQuery stop = Lmql.F("Say:[A]", "STOPS_AT(A, \".\") and len(TOKENS(A)) < 4");
        assertThat(values(stop.decoder("beam_var(n=2, inject_stop=True, return_first=True)").runAll(prefers, Map.of()),
                "A")).containsExactly(".");
        assertThat(values(stop.decoder("beam_var(n=2, return_first=True)").runAll(prefers, Map.of()), "A"))
                .noneMatch(v -> v.contains("."));
    }

    @Test
    void certificatesRecordTheSearches() {
        List<InferenceCertificate> certs = new ArrayList<>();
        LmqlQuery q = Lmql.F("Q:[A]", "A in [\" yes\", \" no\"]");
        for (String decoder : List.of("beam_var(n=2)", "beam_sample(n=2, seed=3)", "var(b=2, subdecoder=\"beam\")")) {
            q.decoder(decoder).execute(new QueryCall(random, Map.of(), certs::add, null)).join();
        }
        assertThat(certs).hasSize(3);
        assertThat(certs.get(0).toJson()).contains("\"decoder\": \"beam_var\"").contains("\"alpha\": 0.7");
        assertThat(certs.get(1).toJson()).contains("\"decoder\": \"beam_sample\"").contains("\"seed\"");
        assertThat(certs.get(2).toJson()).contains("\"subdecoder\": \"beam\"");
    }

    @Test
    void certificatesOfTheSearchesVerifyAndReplay() {
        for (String decoder : List.of("beam_sample(n=2, seed=3, max_tokens=3)", "beam_var(n=2, max_tokens=3)",
                "var(b=2, seed=5, max_tokens=3)", "var(b=2, subdecoder=\"beam\", max_tokens=3)", "bsseq(b=2)")) {
            InferenceCertificate certificate;
            try (dev.lmql.trace.TraceScope scope = Lmql.traced("decoders")) {
                Lmql.F("A:[A] B:[B]", "B in [\" x\", \" y\"]").decoder(decoder).runAll(random, Map.of());
                certificate = Lmql.certificate(scope);
            }
            assertThat(certificate.verify().problems()).as(decoder).isEmpty();
            VerificationReport report = Lmql.replay(InferenceCertificate.parse(certificate.toJson()));
            assertThat(report.reproduced()).as(decoder + ": " + report).isTrue();
        }
    }

    @Test
    void httpBackendsFailClearlyExceptVarWithSamples() {
        LanguageModel inner = (LanguageModel) ModelRegistry.create("random", Map.of());
        LLM http = LLM.of(new QueryTest.ChatRecorder(inner));
        for (String decoder : List.of("beam_sample", "beam_var", "bsseq", "var(subdecoder=\"beam\")")) {
            assertThatThrownBy(() -> Lmql.F("Q:[A]").decoder(decoder).runAll(http, Map.of()))
                    .as(decoder)
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("does not expose (an HTTP API)");
        }
        List<QueryResult> sampled = Lmql.F("Q:[A]", "A in [\" yes\", \" no\", \" maybe\"]")
                .decoder("var(b=3, n=2, seed=1)").runAll(http, Map.of());
        assertThat(sampled).isNotEmpty().hasSizeLessThanOrEqualTo(2);
        assertThat(sampled.get(0).getString("A")).isIn(" yes", " no", " maybe");
    }

    @Test
    void settingsKeepLmqlsDefaultsAndPrintAClauseThatParsesBack() {
        dev.lmql.decode.DecodeSettings bv = LmqlQuery.settings(dev.lmql.lang.DecoderParser.parse("beam_var"));
        assertThat(bv.n()).isEqualTo(4);
        assertThat(bv.search().alpha()).isEqualTo(0.7);
        dev.lmql.decode.DecodeSettings var = LmqlQuery.settings(dev.lmql.lang.DecoderParser.parse("var"));
        assertThat(var.n()).isEqualTo(2);
        assertThat(var.search().width()).isEqualTo(2);
        assertThat(var.temperature()).isEqualTo(1.0);
        assertThat(var.search().subdecoder()).isEqualTo(dev.lmql.decode.DecodeSettings.Subdecoder.SAMPLE);
        assertThat(LmqlQuery.settings(dev.lmql.lang.DecoderParser.parse("bsseq")).search().subdecoder())
                .isEqualTo(dev.lmql.decode.DecodeSettings.Subdecoder.BEAM_SEQ);
        for (String clause : List.of("beam_sample", "beam_sample(n=2, temperature=0.3, seed=9, max_tokens=5)",
                "beam_var", "beam_var(n=2, alpha=1.5, inject_stop=True, prune=3, return_first=True, max_len=50)",
                "var", "var(b=3, n=5, subdecoder=\"beam_seq\", temperature=0.5, seed=2, chunksize=4)", "bsseq",
                "bsseq(b=4)")) {
            dev.lmql.decode.DecodeSettings s = LmqlQuery.settings(dev.lmql.lang.DecoderParser.parse(clause));
            assertThat(LmqlQuery.settings(dev.lmql.lang.DecoderParser.parse(s.toClause()))).as(clause).isEqualTo(s);
            assertThat(s.returnsSeveral()).isTrue();
        }
    }

    private static List<String> values(List<QueryResult> results) {
        return values(results, "X");
    }

    private static List<String> values(List<QueryResult> results, String variable) {
        return results.stream().map(r -> r.getString(variable)).toList();
    }
}
