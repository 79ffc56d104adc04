package dev.lmql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Streaming through the whole interpreter on the random model, for every kind of text constraint: each partial text
 * extends the previous one and starts the final value, and the values are those of the same query run without a
 * listener (on another model instance, so nothing comes from the call cache).
 */
class StreamingPropertiesTest {

    @Provide
    Arbitrary<String> encodings() {
        return Arbitraries.of("cl100k_base", "o200k_base");
    }

    @Provide
    Arbitrary<String> wheres() {
        return Arbitraries.of(
                "STOPS_BEFORE(X, \"e\") and len(TOKENS(X)) < 12",
                "STOPS_BEFORE(X, \"é ü\") and len(TOKENS(X)) < 12",
                "STOPS_AT(X, \"a\") and len(TOKENS(X)) < 12",
                "REGEX(X, \"[a-zé😀 ]{1,20}\")",
                "X in [\"naïve café\", \"🚀 launch\", \"no\"]",
                "not \"e\" in X and len(TOKENS(X)) < 10",
                "len(WORDS(X)) < 4 and len(TOKENS(X)) < 10",
                "X.startswith(\"Über \") and len(TOKENS(X)) < 8");
    }

    @Provide
    Arbitrary<String> decoders() {
        return Arbitraries.of("argmax", "sample(n=2, temperature=1.2)");
    }

    private static LLM model(String encoding, int seed) {
        return Lmql.model("random", Map.of("seed", seed, "tokenizer", encoding));
    }

    @Property(tries = 40)
    void partialsArePrefixesOfTheValuesOfTheSameRunWithoutAListener(@ForAll("encodings") String enc,
            @ForAll @IntRange(max = 10_000) int seed, @ForAll("wheres") String where,
            @ForAll("decoders") String decoder) throws Exception {
        LmqlQuery q = Lmql.F("Text: [X] then [Y]", where + " and len(TOKENS(Y)) < 6")
                .decoder(decoder.startsWith("sample") ? decoder.replace(")", ", seed=" + seed + ")") : decoder);
        List<QueryResult> plain = q.runAll(model(enc, seed), Map.of());
        dev.lmql.testing.HeardHoles heard = new dev.lmql.testing.HeardHoles();
        List<QueryResult> live = q.execute(new QueryCall(model(enc, seed), Map.of(), null, null), heard)
                .get(60, TimeUnit.SECONDS);
        assertThat(live).hasSameSizeAs(plain);
        for (int i = 0; i < live.size(); i++) {
            assertThat(live.get(i).variables()).isEqualTo(plain.get(i).variables());
            for (String v : List.of("X", "Y")) {
                Object value = plain.get(i).variables().get(v);
                heard.assertStreamedTowards(i, v, value);
                if (String.valueOf(value).length() > 3) {
                    // at most a stop phrase's start (here up to 3 characters) can be held back
                    assertThat(heard.partials(i, v)).as("partials of %s in result %d", v, i).isNotEmpty();
                }
            }
        }
    }
}
