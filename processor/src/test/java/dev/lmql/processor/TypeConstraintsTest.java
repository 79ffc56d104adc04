package dev.lmql.processor;

import static org.assertj.core.api.Assertions.assertThat;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import dev.lmql.lang.Expr;
import dev.lmql.lang.WhereParser;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The where text the processor adds for return types parses back to exactly the intended constraint. */
class TypeConstraintsTest {

    private static final ClassName ENUM = ClassName.get("com.example", "Mood");

    @ParameterizedTest
    @ValueSource(strings = {"plain", "with \"quotes\"", "back\\slash", "new\nline", "tab\there", "bell\u0007",
            "ünïcödé ✓", "brackets [x] {y}", "'single'"})
    void enumLabelsSurviveQuotingIntoTheWhereClause(String label) {
        ValueType type = new ValueType(ValueType.Kind.ENUM, ENUM,
                List.of(new ValueType.EnumLabel("A", label), new ValueType.EnumLabel("B", "other")));
        Expr parsed = WhereParser.parse(TypeConstraints.constraint("X", type));
        assertThat(parsed).isInstanceOf(Expr.In.class);
        Expr.ListLiteral options = (Expr.ListLiteral) ((Expr.In) parsed).container();
        assertThat(options.elements()).extracting(e -> ((Expr.StringLiteral) e).value())
                .containsExactly(label, "other");
    }

    @Test
    void userClauseIsParenthesisedBeforeTypeConstraintsAreConjoined() {
        Map<String, ValueType> holes = new LinkedHashMap<>();
        holes.put("A", ValueType.simple(ValueType.Kind.INT, TypeName.INT));
        holes.put("B", ValueType.simple(ValueType.Kind.DOUBLE, TypeName.DOUBLE));
        holes.put("C", ValueType.simple(ValueType.Kind.BOOLEAN, TypeName.BOOLEAN));
        holes.put("D", ValueType.simple(ValueType.Kind.STRING, ClassName.get(String.class)));
        String where = TypeConstraints.combinedWhere("STOPS_AT(D, \".\") or len(D) < 3", holes, List.of());
        assertThat(where).isEqualTo("(STOPS_AT(D, \".\") or len(D) < 3) and INT(A) and FLOAT(B) "
                + "and C in [\"true\", \"false\"]");
        Expr parsed = WhereParser.parse(where);
        assertThat(parsed).isInstanceOf(Expr.And.class);
        assertThat(((Expr.And) parsed).operands()).hasSize(4).first().isInstanceOf(Expr.Or.class);
    }

    @Test
    void skippedHolesAndStringsAddNothing() {
        Map<String, ValueType> holes = Map.of("A", ValueType.simple(ValueType.Kind.INT, TypeName.INT));
        assertThat(TypeConstraints.combinedWhere("", holes, List.of("A"))).isEmpty();
        assertThat(TypeConstraints.combinedWhere("len(A) < 3", holes, List.of("A"))).isEqualTo("len(A) < 3");
        assertThat(TypeConstraints.combinedWhere("", holes, List.of())).isEqualTo("INT(A)");
    }
}
