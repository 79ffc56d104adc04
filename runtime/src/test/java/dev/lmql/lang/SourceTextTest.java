package dev.lmql.lang;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SourceTextTest {

    @Test
    void positionsCountLinesAndColumnsFromOne() {
        SourceText text = new SourceText("ab\ncd\n\nef");
        assertThat(text.positionAt(0)).isEqualTo(new SourcePosition(0, 1, 1));
        assertThat(text.positionAt(2)).isEqualTo(new SourcePosition(2, 1, 3));
        assertThat(text.positionAt(3)).isEqualTo(new SourcePosition(3, 2, 1));
        assertThat(text.positionAt(6)).isEqualTo(new SourcePosition(6, 3, 1));
        assertThat(text.positionAt(9)).isEqualTo(new SourcePosition(9, 4, 3));
    }

    @Test
    void excerptDropsTheCarriageReturnOfWindowsLineEnds() {
        SourceText text = new SourceText("first\r\nsecond [X\r\nthird");
        assertThat(text.excerpt(14)).isEqualTo("second [X\n       ^");
        assertThat(text.positionAt(14)).isEqualTo(new SourcePosition(14, 2, 8));
    }

    @Test
    void excerptAtTheEndPointsPastTheLastCharacter() {
        assertThat(new SourceText("INT(X").excerpt(5)).isEqualTo("INT(X\n     ^");
        assertThat(new SourceText("").excerpt(0)).isEqualTo("\n^");
    }

    @Test
    void syntaxExceptionFactoryUsesTheSamePositions() {
        QuerySyntaxException e = QuerySyntaxException.at("a\nbc", 3, "expected something");
        assertThat(e.getMessage()).isEqualTo("expected something at line 2, column 2");
        assertThat(e.excerpt()).isEqualTo("bc\n ^");
    }

    @Test
    void quoteEscapesWhatTheLexerReadsBack() {
        assertThat(LmqlPrinter.quote("a\"b\\c\nd\te\rf\u0001")).isEqualTo("\"a\\\"b\\\\c\\nd\\te\\rf\\u0001\"");
        assertThat(WhereParser.parse("X == " + LmqlPrinter.quote("a\"b\\c\nd\te\rf\u0001")).toSource())
                .isEqualTo("X == \"a\\\"b\\\\c\\nd\\te\\rf\\u0001\"");
    }

    @Test
    void querySourceTreatsMissingClausesAsAbsent() {
        QuerySource source = new QuerySource("[X]", null, " ", null);
        assertThat(source.hasWhere()).isFalse();
        assertThat(source.hasDecoder()).isFalse();
        assertThat(source.hasDistribution()).isFalse();
        assertThat(source.withWhere("INT(X)").hasWhere()).isTrue();
    }
}
