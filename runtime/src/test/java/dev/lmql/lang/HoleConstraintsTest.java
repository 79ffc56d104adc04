package dev.lmql.lang;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HoleConstraintsTest {

    @Test
    void conjunctsFlattenNestedAndChains() {
        Expr where = WhereParser.parse("INT(A) and (STOPS_AT(B, \".\") and len(B) < 3) and (INT(A) or INT(B))");
        assertThat(HoleConstraints.conjuncts(where)).containsExactly(
                WhereParser.parse("INT(A)"), WhereParser.parse("STOPS_AT(B, \".\")"), WhereParser.parse("len(B) < 3"),
                WhereParser.parse("INT(A) or INT(B)"));
        assertThat(HoleConstraints.conjuncts(WhereParser.parse("INT(A)"))).containsExactly(WhereParser.parse("INT(A)"));
    }

    @Test
    void constraintsOfEachHole() {
        Expr where = WhereParser.parse("INT(A) and STOPS_AT(B, \".\") and len(TOKENS(B)) < 3 and (INT(A) or INT(B)) and A in opts");
        assertThat(HoleConstraints.of(where, "A")).containsExactly(
                WhereParser.parse("INT(A)"), WhereParser.parse("INT(A) or INT(B)"), WhereParser.parse("A in opts"));
        assertThat(HoleConstraints.combined(where, "B")).contains(
                WhereParser.parse("STOPS_AT(B, \".\") and len(TOKENS(B)) < 3 and (INT(A) or INT(B))"));
        assertThat(HoleConstraints.combined(where, "A").orElseThrow().toSource())
                .isEqualTo("INT(A) and (INT(A) or INT(B)) and A in opts");
        assertThat(HoleConstraints.combined(where, "C")).isEmpty();
        assertThat(HoleConstraints.byHole(where, List.of("B", "C")))
                .containsOnlyKeys("B", "C")
                .containsEntry("C", List.of());
    }

    @Test
    void mentionedNamesSkipFunctionAndMethodNames() {
        Expr where = WhereParser.parse("len(TOKENS(X)) < n and X.startswith(p) and Y in [\"a\"]");
        assertThat(HoleConstraints.mentionedNames(where)).containsExactly("X", "n", "p", "Y");
    }

    @Test
    void parsedQueryGivesTheConstraintsOfAHole() {
        ParsedQuery q = ParsedQuery.parse(new QuerySource("[A][B]", "INT(A) and STOPS_AT(B, \"x\")", "argmax", ""));
        assertThat(q.constraintsOf("B")).containsExactly(WhereParser.parse("STOPS_AT(B, \"x\")"));
        assertThat(q.decoder()).isPresent();
        assertThat(q.distribution()).isEmpty();
        assertThat(ParsedQuery.parse(QuerySource.of("[A]")).constraintsOf("A")).isEmpty();
    }
}
