package dev.lmql.constraint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lmql.lang.HoleType;
import dev.lmql.lang.WhereParser;
import dev.lmql.tokenizer.Tokenizer;
import dev.lmql.tokenizer.Tokenizers;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WhereCompilerTest {
    private static final Tokenizer CL100K = Tokenizers.tiktoken("cl100k_base");

    private static Constraint where(String clause, String hole, Map<String, Object> params) {
        return WhereCompiler.constraintFor(WhereParser.parse(clause), hole, params);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "X in [\"a\", \"b\"]|X in [\"a\", \"b\"]",
            "X == \"yes\"|X in [\"yes\"]",
            "X != \"yes\"|not (X in [\"yes\"])",
            "INT(X)|INT(X)",
            "FLOAT(X)|FLOAT(X)",
            "REGEX(X, r\"[a-z]+\")|REGEX(X, \"[a-z]+\")",
            "STARTS_WITH(X, \"Hi\")|X.startswith(\"Hi\")",
            "X.startswith(\"Hi\")|X.startswith(\"Hi\")",
            "\"a\" in X|\"a\" in X",
            "not \"a\" in X|not \"a\" in X",
            "len(X) < 10|len(X) <= 9",
            "10 > len(X)|len(X) <= 9",
            "len(TOKENS(X)) <= 5|len(TOKENS(X)) <= 5",
            "len(WORDS(X)) >= 2|len(WORDS(X)) >= 2",
            "len(X) == 3|len(X) == 3",
            "STOPS_AT(X, \".\")|STOPS_AT(X, \".\")",
            "STOPS_BEFORE(X, \"\\n\")|STOPS_BEFORE(X, \"\\n\")",
            "INT(X) or X == \"none\"|INT(X) or X in [\"none\"]",
            "STOPS_AT(Y, \".\") and INT(X) and len(Y) < 3|INT(X)",
            "STOPS_AT(Y, \".\")|true"})
    void mapsEveryConstruct(String clause, String described) {
        assertThat(where(clause, "X", Map.of()).describe("X")).isEqualTo(described);
    }

    @Test
    void choicesAndBoundsFromParameters() {
        Map<String, Object> params = Map.of("colors", List.of("red", "green"), "n", 4, "prefix", "Dr. ");
        Constraint c = where("X in colors and len(X) <= n", "X", params);
        assertThat(c.describe("X")).isEqualTo("X in [\"red\", \"green\"] and len(X) <= 4");
        assertThat(where("X.startswith(prefix)", "X", params).describe("X")).isEqualTo("X.startswith(\"Dr. \")");
        assertThat(where("X in arr", "X", Map.of("arr", new String[] {"p", "q"})).describe("X"))
                .isEqualTo("X in [\"p\", \"q\"]");
    }

    @Test
    void holeTypesAddTheirConstraint() {
        assertThat(WhereCompiler.constraintFor(WhereParser.parse("len(TOKENS(N)) < 4"), "N", HoleType.INT, Map.of())
                .describe("N")).isEqualTo("INT(N) and len(TOKENS(N)) <= 3");
        assertThat(WhereCompiler.constraintFor(null, "B", HoleType.BOOL, Map.of()).describe("B"))
                .isEqualTo("B in [\"true\", \"false\"]");
        assertThat(WhereCompiler.constraintFor(null, "F", HoleType.FLOAT, Map.of()).describe("F"))
                .isEqualTo("FLOAT(F)");
        assertThat(WhereCompiler.constraintFor(null, "T", HoleType.TEXT, Map.of()).describe("T")).isEqualTo("true");
    }

    @Property(tries = 10)
    void compiledWhereClauseProducesSatisfyingValues(@ForAll long seed) {
        TokenConstraint c = WhereCompiler.compile(
                WhereParser.parse("REGEX(ANSWER, r\"[a-z]{2,12}\") and len(TOKENS(ANSWER)) <= 3 and "
                        + "not \"q\" in ANSWER"), "ANSWER", Map.of(), CL100K);
        RandomWalk walk = RandomWalk.run(c, CL100K, seed);
        assertThat(walk.value).matches(Pattern.compile("[a-z]{2,12}")).doesNotContain("q");
        assertThat(walk.tokens).isLessThanOrEqualTo(3);
        assertThat(c.describe()).startsWith("REGEX(ANSWER");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "X == Y|only one hole",
            "len(X) < Y and X in [\"a\"]|only one hole",
            "X > 3|ordering comparisons",
            "FOO(X)|unknown function FOO",
            "INT(\"a\", X)|INT expects a hole",
            "X.endswith(\"a\")|startswith",
            "X in p|must be a list",
            "X in []|empty",
            "len(X) < 0|no length",
            "len(TOKENS(X)) != 3|not supported",
            "REGEX(X, \"(a\")|unclosed group",
            "len(X) < \"a\"|whole number"})
    void unsupportedConstructsAreClearErrors(String clause, String message) {
        assertThatThrownBy(() -> where(clause, "X", Map.of("p", "text")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message)
                .hasMessageContaining("line 1, column");
    }
}
