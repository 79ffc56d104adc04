package dev.lmql.lang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DistributionParserTest {

    @Test
    void listOfValues() {
        DistributionClause c = DistributionParser.parse("ANSWER in [\"yes\", 'no']");
        assertThat(c.variable()).isEqualTo("ANSWER");
        assertThat(c.literalValues()).containsExactly("yes", "no");
        assertThat(c.valuesParameter()).isEmpty();
        assertThat(c.values().position()).isEqualTo(new SourcePosition(10, 1, 11));
    }

    @Test
    void parameterHoldingTheValues() {
        DistributionClause c = DistributionParser.parse("ANSWER in labels");
        assertThat(c.valuesParameter()).hasValue("labels");
        assertThat(c.literalValues()).isEmpty();
    }

    @Test
    void printsParseableSource() {
        DistributionClause c = DistributionParser.parse("X in ['a\"', \"b\\n\"]");
        assertThat(c.toSource()).isEqualTo("X in [\"a\\\"\", \"b\\n\"]");
        assertThat(DistributionParser.parse(c.toSource())).isEqualTo(c);
    }

    @Test
    void errors() {
        assertError("", "expected a hole name at the start of the distribution clause but found the end of the clause at line 1, column 1");
        assertError("X [\"a\"]", "expected 'in' after the distribution variable X but found '[' at line 1, column 3");
        assertError("X in []", "the distribution list is empty; give at least one value at line 1, column 6");
        assertError("X in [1]", "expected a string literal as distribution value but found the number 1 at line 1, column 7");
        assertError("X in \"a\"", "expected a list of values such as [\"yes\", \"no\"] or a parameter name after 'in' but found a string at line 1, column 6");
        assertError("X in [\"a\"] and", "expected the end of the distribution clause but found 'and' at line 1, column 12");
        assertError("X in [\"a\" \"b\"]", "expected ',' or ']' in the distribution values but found a string at line 1, column 11");
    }

    private static void assertError(String clause, String message) {
        assertThatThrownBy(() -> DistributionParser.parse(clause))
                .isInstanceOf(QuerySyntaxException.class)
                .hasMessage(message);
    }
}
