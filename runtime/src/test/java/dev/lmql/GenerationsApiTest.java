package dev.lmql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lmql.trace.InferenceCertificate;
import dev.lmql.trace.TraceEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerationsApiTest {

    @Test
    void llmToStringAndLazyCreation() {
        LLM m = Lmql.model("random", Map.of("seed", 1));
        assertThat(m).hasToString("lmql.LLM(random, seed=1)");
        assertThat(Lmql.model("openai/x", Map.of("api_key", "sk-test-SECRET-1")).toString())
                .isEqualTo("lmql.LLM(openai/x, api_key=<removed>)");
        // unknown ids fail on first use, not at construction
        LLM unknown = Lmql.model("nosuch:model");
        assertThatThrownBy(unknown::getTokenizer).hasMessageContaining("unknown model id");
    }

    @Test
    void generateIsDeterministicPerSeedAndRespectsMaxTokens() {
        LLM a = Lmql.model("random", Map.of("seed", 3));
        LLM b = Lmql.model("random", Map.of("seed", 3));
        String x = a.generateSync("Hello", 5);
        assertThat(x).isEqualTo(b.generateSync("Hello", 5));
        assertThat(a.getTokenizer().encode(x).length).isLessThanOrEqualTo(5 + 2);
        assertThat(a.getTokenizer().encode(a.generateSync("Hello", 0))).isEmpty();
        assertThat(a.generateSync("Hello")).isNotNull();
    }

    @Test
    void generateAllWithSampleGivesNSequencesDeterministicPerSeed() {
        LLM m = Lmql.model("random", Map.of("seed", 1));
        GenerateOptions opts = GenerateOptions.builder().decoder("sample").n(3).seed(42).build();
        List<String> out = m.generateAllSync("Once", 8, opts);
        assertThat(out).hasSize(3);
        assertThat(m.generateAllSync("Once", 8, opts)).isEqualTo(out);
        assertThat(Lmql.model("random", Map.of("seed", 1)).generateAllSync("Once", 8, opts)).isEqualTo(out);
        assertThatThrownBy(() -> m.generateSync("Once", 8, opts)).hasMessageContaining("use generateAll");
    }

    @Test
    void scoreMatchesTheModelAndAggregates() {
        LLM m = Lmql.model("random", Map.of("seed", 1));
        ScoringResult r = m.scoreSync("Hello", List.of(" World", " Apples and oranges"));
        assertThat(r.values()).containsExactly(" World", " Apples and oranges");
        List<float[]> ts = r.tokenScores();
        int n1 = m.getTokenizer().encode(" Apples and oranges").length;
        assertThat(ts.get(1)).hasSize(n1);
        double sum1 = 0;
        for (float f : ts.get(1)) {
            sum1 += f;
        }
        assertThat(r.scores("sum").get(1)).isCloseTo(sum1, Offset.offset(1e-9));
        assertThat(r.scores("mean").get(1)).isCloseTo(sum1 / n1, Offset.offset(1e-9));
        assertThat(r.scores("normalized").get(1)).isCloseTo(sum1 / Math.pow(n1, 0.7), Offset.offset(1e-9));
        assertThat(r.probs("sum").get(0) + r.probs("sum").get(1)).isCloseTo(1.0, Offset.offset(1e-9));
        // fewer tokens of similar probability: the shorter value wins on sum
        assertThat(r.argmax("sum")).isEqualTo(" World");
        assertThat(r.toString()).startsWith("lmql.ScoringResult(model='random')\n-' World': ");
        assertThatThrownBy(() -> r.scores("median")).hasMessageContaining("use sum, mean or normalized");
    }

    @Test
    void cachedCallsAreMarkedInTheCertificate() {
        LLM m = Lmql.model("random", Map.of("seed", 1));
        List<InferenceCertificate> certs = new ArrayList<>();
        GenerateOptions opts = GenerateOptions.builder().certificate(certs::add).build();
        String first = m.generateSync("Cache me", 6, opts);
        String second = m.generateSync("Cache me", 6, opts);
        assertThat(second).isEqualTo(first);
        assertThat(certs).hasSize(2);
        assertThat(modelCalls(certs.get(0)).get(0).toString()).doesNotContain("\"cached\":true");
        assertThat(modelCalls(certs.get(1)).get(0).toString()).contains("\"cached\":true");
    }

    @Test
    void fileCacheIsSharedAcrossLlmInstances(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("calls.jsonl");
        GenerateOptions opts = GenerateOptions.builder().cache(file).build();
        List<InferenceCertificate> certs = new ArrayList<>();
        String a = Lmql.model("random", Map.of("seed", 2)).generateSync("File cache", 6, opts);
        assertThat(Files.readAllLines(file)).hasSize(1);
        GenerateOptions traced = GenerateOptions.builder().cache(file).certificate(certs::add).build();
        String b = Lmql.model("random", Map.of("seed", 2)).generateSync("File cache", 6, traced);
        assertThat(b).isEqualTo(a);
        assertThat(modelCalls(certs.get(0)).get(0).toString()).contains("\"cached\":true");
        assertThat(Files.readAllLines(file)).hasSize(1);
        // a different model does not hit the entry
        Lmql.model("random", Map.of("seed", 5)).generateSync("File cache", 6, opts);
        assertThat(Files.readAllLines(file)).hasSize(2);
    }

    @Test
    void defaultModelFallsBackWithAClearError() {
        LLM before = null;
        try {
            Lmql.setDefaultModel((LLM) null);
            if (System.getenv(Lmql.DEFAULT_MODEL_ENV) == null) {
                assertThatThrownBy(Lmql::defaultModel).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("Lmql.setDefaultModel").hasMessageContaining("LMQL_DEFAULT_MODEL");
            }
            Lmql.setDefaultModel("random");
            assertThat(Lmql.defaultModel().id()).isEqualTo("random");
            assertThat(Lmql.generateSync("Hi", 3)).isEqualTo(Lmql.model("random").generateSync("Hi", 3));
        } finally {
            Lmql.setDefaultModel(before);
        }
    }

    @Test
    void createExplainsAMissingGeneratedClass() {
        assertThatThrownBy(() -> Lmql.create(Runnable.class, Lmql.model("random")))
                .hasMessageContaining("java.lang.RunnableLmql")
                .hasMessageContaining("lmql-processor on the annotation processor path");
        assertThat(Lmql.generatedName(Outer.Greeter.class)).isEqualTo("dev.lmql.GenerationsApiTest_Outer_GreeterLmql");
    }

    interface Outer {
        interface Greeter {
        }
    }

    static List<Object> modelCalls(InferenceCertificate c) {
        List<Object> out = new ArrayList<>();
        collect(c, out);
        return out;
    }

    private static void collect(InferenceCertificate c, List<Object> out) {
        c.events().forEach(e -> {
            if (TraceEvents.isModelCall(e.name())) {
                out.add(e.data());
            }
        });
        c.children().forEach(ch -> collect(ch, out));
    }

    @Test
    void sampledSearchesKeepTheirTemperature() {
        for (String decoder : new String[] {"sample", "beam_sample", "var"}) {
            GenerateOptions o = GenerateOptions.fromMap(Map.of("decoder", decoder, "temperature", 0.7, "n", 2));
            assertThat(o.toSettings(8).temperature()).as(decoder).isEqualTo(0.7);
        }
        GenerateOptions beam = GenerateOptions.fromMap(Map.of("decoder", "beam", "temperature", 0.7, "n", 2));
        assertThat(beam.toSettings(8).temperature()).isZero();
    }
}
