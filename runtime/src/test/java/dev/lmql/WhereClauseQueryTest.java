package dev.lmql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lmql.backend.FinishReason;
import dev.lmql.decode.Session;
import dev.lmql.lang.HoleType;
import dev.lmql.lang.QuerySyntaxException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WhereClauseQueryTest {
    private final LLM random = Lmql.model("random", Map.of("seed", 4));

    @Test
    void choiceAndTypedHoles() {
        QueryResult r = Lmql.F("Colour: [C], count: [N: int], ratio: [R: float], ok: [B: bool]",
                "C in [\"red\", \"green\", \"blue\"]").run(random, Map.of());
        assertThat(r.getString("C")).isIn("red", "green", "blue");
        assertThat(r.get("N")).isInstanceOf(Long.class);
        assertThat(r.get("R")).isInstanceOf(Double.class);
        assertThat(r.get("B")).isInstanceOf(Boolean.class);
        // the prompt keeps the numbers' text as generated (e.g. leading zeros); the values are parsed from it
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("Colour: (red|green|blue), count: (-?\\d+), ratio: (-?[\\d.]+), ok: (true|false)")
                .matcher(r.prompt());
        assertThat(m.matches()).as(r.prompt()).isTrue();
        assertThat(r.getLong("N")).isEqualTo(Long.parseLong(m.group(2)));
        assertThat(r.getDouble("R")).isEqualTo(Double.parseDouble(m.group(3)));
    }

    @Test
    void regexHolesAreConstrainedLikeRegexInTheWhereClause() {
        for (int seed = 0; seed < 6; seed++) {
            LLM m = Lmql.model("random", Map.of("seed", seed));
            QueryResult r = Lmql.F("Code: [C: r\"[A-Z]{3}-[0-9]{2}\"] Word: [W: r'[a-z]+']", "len(W) < 6").run(m, Map.of());
            assertThat(r.getString("C")).matches("[A-Z]{3}-[0-9]{2}");
            assertThat(r.getString("W")).matches("[a-z]{1,5}");
        }
        assertThatThrownBy(() -> Lmql.F("Code: [C: r\"[A-Z\"]").run(random, Map.of()))
                .hasMessageContaining("[A-Z");
    }

    @Test
    void intConstraintGivesALong() {
        QueryResult r = Lmql.F("Age: [AGE]", "INT(AGE)").run(random, Map.of());
        assertThat(r.getString("AGE")).matches("-?\\d+");
        assertThat(r.getLong("AGE")).isEqualTo(Long.parseLong(r.getString("AGE")));
        assertThat(r.get("AGE")).as("INT(X) makes the variable a number, as in LMQL").isInstanceOf(Long.class);
        assertThat(Lmql.F("Ratio: [R]", "FLOAT(R) and len(R) < 8").run(random, Map.of()).get("R"))
                .isInstanceOf(Double.class);
        assertThat(Lmql.F("Maybe: [M]", "INT(M) or M in [\"none\"]").run(random, Map.of()).get("M"))
                .as("a disjunction leaves the value text").isInstanceOf(String.class);
    }

    @Test
    void stopsAtKeepsAndStopsBeforeCutsThePhrase() {
        for (int seed = 0; seed < 8; seed++) {
            LLM m = Lmql.model("random", Map.of("seed", seed));
            QueryResult at = Lmql.F("A:[X]", "STOPS_AT(X, \"e\")").run(m, Map.of());
            if (at.finishReasons().get("X") == FinishReason.STOP) {
                assertThat(at.getString("X")).endsWith("e");
                assertThat(at.getString("X").indexOf('e')).isEqualTo(at.getString("X").length() - 1);
            }
            QueryResult before = Lmql.F("A:[X] done", "STOPS_BEFORE(X, \"e\")").run(m, Map.of());
            assertThat(before.getString("X")).doesNotContain("e");
            assertThat(before.prompt()).isEqualTo("A:" + before.getString("X") + " done");
        }
    }

    @Test
    void parameterChoiceAndRegex() {
        QueryResult r = Lmql.F("Pick [X] on [D]", "X in options and REGEX(D, r\"\\d{4}-\\d{2}-\\d{2}\")")
                .run(random, Map.of("options", List.of("alpha", "beta")));
        assertThat(r.getString("X")).isIn("alpha", "beta");
        assertThat(r.getString("D")).matches("\\d{4}-\\d{2}-\\d{2}");
    }

    @Test
    void tokenLengthBoundEndsTheHole() {
        QueryResult r = Lmql.F("Say [X]", "len(TOKENS(X)) < 3").run(random, Map.of());
        assertThat(random.getTokenizer().encode(r.getString("X")).length).isLessThanOrEqualTo(2);
    }

    @Test
    void semanticErrorsSurfaceAtWhere() {
        assertThatThrownBy(() -> Lmql.F("Hi [X]").where("NOSUCH(X)")).isInstanceOf(QuerySyntaxException.class)
                .hasMessageContaining("NOSUCH");
        assertThatThrownBy(() -> Lmql.F("Hi [X] and [X]")).isInstanceOf(QuerySyntaxException.class);
    }

    @Test
    void sessionFillsUnderWhereClauses() {
        Session s = random.session();
        s.append("Pick a number: ");
        Object n = s.fill("N", HoleType.INT, "len(TOKENS(N)) < 3");
        assertThat(n).isInstanceOf(Long.class);
        s.append("\nColour: ");
        String c = s.bind("colours", List.of("red", "blue")).fill("C", "C in colours");
        assertThat(c).isIn("red", "blue");
        assertThat(s.prompt()).isEqualTo("Pick a number: " + n + "\nColour: " + c);
    }
}
