package dev.lmql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lmql.backend.FinishReason;
import dev.lmql.trace.InferenceCertificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Every constraint kind through the whole interpreter on the random model: the value produced satisfies the where
 * clause, checked independently of the constraint engine (java.util.regex, Long.parseLong, ...), with cl100k_base
 * and o200k_base.
 */
class InterpreterPropertiesTest {
    private static final int TRIES = 15;

    @Provide
    Arbitrary<String> encodings() {
        return Arbitraries.of("cl100k_base", "o200k_base");
    }

    @Provide
    Arbitrary<String> prompts() {
        return Arbitraries.of("Q: ", "Answer:", "Ünïcödé → ", "", "emoji 😀 then", "Line1\nLine2 ");
    }

    private static LLM model(String encoding, int seed) {
        return Lmql.model("random", Map.of("seed", seed, "tokenizer", encoding));
    }

    private static QueryResult run(String encoding, int seed, String prompt, String template, String where) {
        return Lmql.F(prompt.replace("[", "[[").replace("]", "]]").replace("{", "{{").replace("}", "}}") + template,
                where).run(model(encoding, seed), Map.of());
    }

    @Property(tries = TRIES)
    void choiceValueIsAnOption(@ForAll("encodings") String enc, @ForAll @IntRange(max = 10_000) int seed,
            @ForAll("prompts") String prompt) {
        List<String> options = List.of("yes", "no", "perhaps so", "naïve café", "🚀 launch");
        QueryResult r = run(enc, seed, prompt, "[X]", "X in [\"yes\", \"no\", \"perhaps so\", \"naïve café\", \"🚀 launch\"]");
        assertThat(options).contains(r.getString("X"));
        assertThat(r.prompt()).endsWith(r.getString("X"));
    }

    @Property(tries = TRIES)
    void intValueParses(@ForAll("encodings") String enc, @ForAll @IntRange(max = 10_000) int seed,
            @ForAll("prompts") String prompt) {
        QueryResult r = run(enc, seed, prompt, "[N]", "INT(N)");
        assertThat(r.getString("N")).matches("-?\\d+");
        Long.parseLong(r.getString("N"));
    }

    @Property(tries = TRIES)
    void typedIntAndFloatHolesConvert(@ForAll("encodings") String enc, @ForAll @IntRange(max = 10_000) int seed) {
        QueryResult r = run(enc, seed, "", "a=[A: int] b=[B: float] c=[C: bool]", null);
        assertThat(r.get("A")).isInstanceOf(Long.class);
        assertThat(r.get("B")).isInstanceOf(Double.class);
        assertThat(r.get("C")).isInstanceOf(Boolean.class);
    }

    @Property(tries = TRIES)
    void regexValueMatches(@ForAll("encodings") String enc, @ForAll @IntRange(max = 10_000) int seed,
            @ForAll("prompts") String prompt) {
        QueryResult r = run(enc, seed, prompt, "[D] and [W]",
                "REGEX(D, r\"\\d{4}-\\d{2}-\\d{2}\") and REGEX(W, r\"[a-zé]{2,6}( [a-z]+)?\")");
        assertThat(r.getString("D")).matches("\\d{4}-\\d{2}-\\d{2}");
        assertThat(Pattern.matches("[a-zé]{2,6}( [a-z]+)?", r.getString("W")) || lengthCut(r, "W"))
                .as(r.getString("W")).isTrue();
    }

    @Property(tries = TRIES)
    void stopsAtEndsRightAfterThePhrase(@ForAll("encodings") String enc, @ForAll @IntRange(max = 10_000) int seed) {
        QueryResult r = run(enc, seed, "Say: ", "[X]", "STOPS_AT(X, \"a\")");
        String x = r.getString("X");
        if (r.finishReasons().get("X") == FinishReason.STOP) {
            assertThat(x).endsWith("a");
            assertThat(x.indexOf('a')).isEqualTo(x.length() - 1);
        } else {
            assertThat(x).doesNotContain("a");
        }
    }

    @Property(tries = TRIES)
    void stopsBeforeCutsThePhrase(@ForAll("encodings") String enc, @ForAll @IntRange(max = 10_000) int seed) {
        QueryResult r = run(enc, seed, "Say: ", "[X].", "STOPS_BEFORE(X, \"e\")");
        assertThat(r.getString("X")).doesNotContain("e");
        assertThat(r.prompt()).isEqualTo("Say: " + r.getString("X") + ".");
    }

    @Property(tries = TRIES)
    void startsWithAndNotContains(@ForAll("encodings") String enc, @ForAll @IntRange(max = 10_000) int seed) {
        QueryResult r = run(enc, seed, "", "[X]", "STARTS_WITH(X, \"The \") and not \"the\" in X and len(X) < 30");
        String x = r.getString("X");
        assertThat(x).startsWith("The ");
        assertThat(x.substring(1)).doesNotContain("the");
        assertThat(x.codePointCount(0, x.length())).isLessThan(30); // len() counts code points
    }

    @Property(tries = TRIES)
    void tokenAndCharacterLengths(@ForAll("encodings") String enc, @ForAll @IntRange(max = 10_000) int seed) {
        LLM m = model(enc, seed);
        List<InferenceCertificate> certs = new ArrayList<>();
        QueryResult r = Lmql.F("[X] and [Y]", "len(TOKENS(X)) <= 4 and len(Y) < 12")
                .execute(new QueryCall(m, Map.of(), certs::add, null)).join().get(0);
        // the bound is on the tokens the model generated (any tokenization), as recorded in the certificate
        JsonNode firstCall = certs.get(0).events().stream().filter(e -> e.name().endsWith(".generate"))
                .findFirst().orElseThrow().data();
        assertThat(firstCall.path("result").get(0).path("tokens").size()).isLessThanOrEqualTo(4);
        assertThat(firstCall.path("result").get(0).path("text").asText()).isEqualTo(r.getString("X"));
        String y = r.getString("Y"); // len() counts characters (code points), as in LMQL: an emoji is one
        assertThat(y.codePointCount(0, y.length())).isLessThan(12);
    }

    @Property(tries = TRIES)
    void orOfChoices(@ForAll("encodings") String enc, @ForAll @IntRange(max = 10_000) int seed) {
        QueryResult r = run(enc, seed, "", "[X]", "X in [\"a\", \"b\"] or INT(X)");
        String x = r.getString("X");
        assertThat(x.equals("a") || x.equals("b") || x.matches("-?\\d+")).as(x).isTrue();
    }

    @Property(tries = TRIES)
    void sampledValuesSatisfyTheConstraintToo(@ForAll("encodings") String enc, @ForAll @IntRange(max = 10_000) int seed) {
        List<QueryResult> out = Lmql.F("[X]", "X in [\"one\", \"two\", \"three\"]")
                .decoder("sample(n=3, seed=" + seed + ")").runAll(model(enc, 1), Map.of());
        assertThat(out).hasSize(3);
        for (QueryResult r : out) {
            assertThat(r.getString("X")).isIn("one", "two", "three");
        }
    }

    private static boolean lengthCut(QueryResult r, String var) {
        return r.finishReasons().get(var) == FinishReason.LENGTH;
    }
}
