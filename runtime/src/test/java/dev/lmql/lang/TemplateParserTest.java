package dev.lmql.lang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lmql.lang.TemplatePart.Hole;
import dev.lmql.lang.TemplatePart.Interpolation;
import dev.lmql.lang.TemplatePart.RoleTag;
import dev.lmql.lang.TemplatePart.Text;
import java.util.List;
import org.junit.jupiter.api.Test;

class TemplateParserTest {
    private static final SourcePosition P = SourcePosition.START;

    @Test
    void plainTextIsOneTextPart() {
        Template t = TemplateParser.parse("Hello world");
        assertThat(t.parts()).containsExactly(new Text("Hello world", P));
    }

    @Test
    void emptyTemplateHasNoParts() {
        assertThat(TemplateParser.parse("").parts()).isEmpty();
    }

    @Test
    void holesWithAndWithoutTypes() {
        Template t = TemplateParser.parse("A:[X] B:[N: int] C:[F:float] D:[ B : bool ]");
        assertThat(t.parts()).containsExactly(
                new Text("A:", P), new Hole("X", HoleType.TEXT, P),
                new Text(" B:", P), new Hole("N", HoleType.INT, P),
                new Text(" C:", P), new Hole("F", HoleType.FLOAT, P),
                new Text(" D:", P), new Hole("B", HoleType.BOOL, P));
        assertThat(t.holeNames()).containsExactly("X", "N", "F", "B");
    }

    @Test
    void holePositionsPointAtTheOpeningBracket() {
        Template t = TemplateParser.parse("line one\nsay [WORD] now");
        Hole hole = t.holes().get(0);
        assertThat(hole.position()).isEqualTo(new SourcePosition(13, 2, 5));
        assertThat(t.parts().get(0).position()).isEqualTo(new SourcePosition(0, 1, 1));
        assertThat(t.parts().get(2).position()).isEqualTo(new SourcePosition(19, 2, 11));
    }

    @Test
    void interpolationsWithAccessors() {
        Template t = TemplateParser.parse("{review} by {review.author.name}{ x }");
        assertThat(t.parts()).containsExactly(
                new Interpolation("review", List.of(), P), new Text(" by ", P),
                new Interpolation("review", List.of("author", "name"), P), new Interpolation("x", List.of(), P));
        assertThat(t.interpolations().get(1).path()).isEqualTo("review.author.name");
        assertThat(t.interpolations().get(1).position().column()).isEqualTo(13);
    }

    @Test
    void roleTags() {
        Template t = TemplateParser.parse("{:system}Be brief.{:user}Hi{:assistant}[ANSWER]");
        assertThat(t.parts()).containsExactly(
                new RoleTag(Role.SYSTEM, P), new Text("Be brief.", P), new RoleTag(Role.USER, P), new Text("Hi", P),
                new RoleTag(Role.ASSISTANT, P), new Hole("ANSWER", HoleType.TEXT, P));
    }

    @Test
    void escapesBecomeLiteralCharactersInOneTextPart() {
        Template t = TemplateParser.parse("a [[b]] {{c}} d");
        assertThat(t.parts()).containsExactly(new Text("a [b] {c} d", P));
    }

    @Test
    void tripleBracketsAreLiteralBracketsAroundAHole() {
        Template t = TemplateParser.parse("[[[X]]]");
        assertThat(t.parts()).containsExactly(new Text("[", P), new Hole("X", HoleType.TEXT, P), new Text("]", P));
    }

    @Test
    void unicodeNamesAndText() {
        Template t = TemplateParser.parse("Größe: [GRÖSSE] ✓");
        assertThat(t.holeNames()).containsExactly("GRÖSSE");
    }

    @Test
    void equalityIgnoresPositions() {
        assertThat(TemplateParser.parse("x[A]")).isNotEqualTo(TemplateParser.parse("x[B]"));
        assertThat(TemplateParser.parse("[A: int]").parts().get(0))
                .isEqualTo(TemplateParser.parse("[ A :int ]").parts().get(0));
        assertThat(TemplateParser.parse("[A: int]").hashCode()).isEqualTo(TemplateParser.parse("[ A :int ]").hashCode());
    }

    @Test
    void printsParseableSource() {
        String source = "{:user}Say [[hi]] {{x}} to {user.name}: [GREETING][N: int]";
        Template t = TemplateParser.parse(source);
        assertThat(t.toSource()).isEqualTo(source);
        assertThat(TemplateParser.parse(t.toSource())).isEqualTo(t);
    }

    // ---- errors: message texts are API ----

    @Test
    void unclosedHole() {
        assertError("Hello [NAME", "expected ']' to close hole [NAME at line 1, column 7", 6);
        assertError("Hello [NAME more]", "expected ']' to close hole [NAME at line 1, column 7", 6);
    }

    @Test
    void holeWithoutName() {
        assertError("a [ 1]", "expected a hole name after '['; write '[[' for a literal '[' at line 1, column 5", 4);
        assertError("a [", "expected a hole name after '['; write '[[' for a literal '[' at line 1, column 4", 3);
    }

    @Test
    void holeTypeMissingOrUnknown() {
        assertError("[X: ]", "expected a type (int, float or bool) or a regex r\"...\" after ':' in hole [X at line 1,"
                + " column 5", 4);
        assertError("[X: integer]", "unknown type 'integer' in hole [X; expected int, float or bool at line 1, column 5", 4);
        assertError("[X: flot]", "unknown type 'flot' in hole [X; did you mean 'float'? at line 1, column 5", 4);
    }

    @Test
    void regexHolesKeepTheirPatternAsWritten() {
        Template t = TemplateParser.parse("Code: [C: r\"[A-Z]{3}-\\d+\"] and [Q: r'say \\'hi\\' \"now\"']!");
        assertThat(t.parts()).containsExactly(
                new Text("Code: ", P), new Hole("C", HoleType.TEXT, "[A-Z]{3}-\\d+", P),
                new Text(" and ", P), new Hole("Q", HoleType.TEXT, "say \\'hi\\' \"now\"", P),
                new Text("!", P));
        assertThat(new Hole("C", HoleType.TEXT, "a", P)).isNotEqualTo(new Hole("C", HoleType.TEXT, P));
        for (String source : new String[] {"[C: r\"[A-Z]{3}-\\d+\"]", "[Q: r'say \\'hi\\' \"now\"']"}) {
            Template parsed = TemplateParser.parse(source);
            assertThat(TemplateParser.parse(LmqlPrinter.print(parsed))).isEqualTo(parsed);
        }
    }

    @Test
    void malformedRegexHoles() {
        assertError("[X: r\"[a-z]+]", "the regex of hole [X is not closed by \" at line 1, column 5", 4);
        assertError("[X: r\"\"]", "the regex of hole [X is empty at line 1, column 5", 4);
        assertError("[X: r\"a\" b]", "expected ']' to close hole [X at line 1, column 10", 9);
    }

    @Test
    void unmatchedClosers() {
        assertError("a ] b", "unmatched ']' in template text; write ']]' for a literal ']' at line 1, column 3", 2);
        assertError("a } b", "unmatched '}' in template text; write '}}' for a literal '}' at line 1, column 3", 2);
    }

    @Test
    void badInterpolations() {
        assertError("a { } b", "expected a parameter name after '{'; write '{{' for a literal '{' at line 1, column 5", 4);
        assertError("{review", "expected '}' to close parameter {review at line 1, column 1", 0);
        assertError("{review.}", "expected an accessor name after '.' in {review at line 1, column 9", 8);
        assertError("{a.b c}", "expected '}' to close parameter {a.b at line 1, column 1", 0);
    }

    @Test
    void badRoleTags() {
        assertError("{:sytem}", "unknown role tag {:sytem}; did you mean {:system}? at line 1, column 3", 2);
        assertError("{:narrator}", "unknown role tag {:narrator}; expected {:system}, {:user} or {:assistant} at line 1, column 3", 2);
        assertError("{:}", "expected a role name after '{:'; expected {:system}, {:user} or {:assistant} at line 1, column 3", 2);
        assertError("{:user", "expected '}' to close role tag {:user at line 1, column 1", 0);
    }

    @Test
    void excerptShowsTheLineAndACaret() {
        assertThatThrownBy(() -> TemplateParser.parse("first\n\tsecond [X\nthird"))
                .isInstanceOfSatisfying(QuerySyntaxException.class, e -> {
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.column()).isEqualTo(9);
                    assertThat(e.excerpt()).isEqualTo("\tsecond [X\n\t       ^");
                    assertThat(e.reason()).isEqualTo("expected ']' to close hole [X");
                    assertThat(e.detailedMessage()).isEqualTo(e.getMessage() + "\n" + e.excerpt());
                });
    }

    private static void assertError(String template, String message, int offset) {
        assertThatThrownBy(() -> TemplateParser.parse(template))
                .isInstanceOfSatisfying(QuerySyntaxException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo(message);
                    assertThat(e.offset()).isEqualTo(offset);
                });
    }
}
