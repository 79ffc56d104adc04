package dev.lmql.lang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lmql.lang.Expr.And;
import dev.lmql.lang.Expr.Call;
import dev.lmql.lang.Expr.Comparison;
import dev.lmql.lang.Expr.FloatLiteral;
import dev.lmql.lang.Expr.Identifier;
import dev.lmql.lang.Expr.In;
import dev.lmql.lang.Expr.IntLiteral;
import dev.lmql.lang.Expr.ListLiteral;
import dev.lmql.lang.Expr.MethodCall;
import dev.lmql.lang.Expr.Not;
import dev.lmql.lang.Expr.Or;
import dev.lmql.lang.Expr.StringLiteral;
import java.util.List;
import org.junit.jupiter.api.Test;

class WhereParserTest {
    private static final SourcePosition P = SourcePosition.START;

    private static Identifier id(String name) {
        return new Identifier(name, P);
    }

    private static StringLiteral str(String value) {
        return new StringLiteral(value, P);
    }

    private static IntLiteral num(long value) {
        return new IntLiteral(value, P);
    }

    private static Call call(String name, Expr... args) {
        return new Call(name, List.of(args), P);
    }

    @Test
    void stopsAt() {
        assertThat(WhereParser.parse("STOPS_AT(X, \".\")")).isEqualTo(call("STOPS_AT", id("X"), str(".")));
    }

    @Test
    void allBuiltinCalls() {
        assertThat(WhereParser.parse("len(TOKENS(X)) < 10"))
                .isEqualTo(new Comparison(ComparisonOperator.LT, call("len", call("TOKENS", id("X"))), num(10), P));
        assertThat(WhereParser.parse("len(WORDS(X)) >= 3"))
                .isEqualTo(new Comparison(ComparisonOperator.GE, call("len", call("WORDS", id("X"))), num(3), P));
        assertThat(WhereParser.parse("len(X) <= 3"))
                .isEqualTo(new Comparison(ComparisonOperator.LE, call("len", id("X")), num(3), P));
        assertThat(WhereParser.parse("STOPS_BEFORE(X, '\\n')")).isEqualTo(call("STOPS_BEFORE", id("X"), str("\n")));
        assertThat(WhereParser.parse("INT(X)")).isEqualTo(call("INT", id("X")));
        assertThat(WhereParser.parse("FLOAT(X)")).isEqualTo(call("FLOAT", id("X")));
        assertThat(WhereParser.parse("REGEX(X, r\"\\d+\\.\\d*\")")).isEqualTo(call("REGEX", id("X"), str("\\d+\\.\\d*")));
        assertThat(WhereParser.parse("STARTS_WITH(X, \"Dear\")")).isEqualTo(call("STARTS_WITH", id("X"), str("Dear")));
        assertThat(WhereParser.parse("X.startswith(\"a\")"))
                .isEqualTo(new MethodCall(id("X"), "startswith", List.of(str("a")), P));
    }

    @Test
    void everyComparisonOperator() {
        for (ComparisonOperator op : ComparisonOperator.values()) {
            assertThat(WhereParser.parse("X " + op.symbol() + " Y")).isEqualTo(new Comparison(op, id("X"), id("Y"), P));
        }
    }

    @Test
    void inWithListsParametersAndSubstrings() {
        assertThat(WhereParser.parse("X in [\"a\", 'b',]"))
                .isEqualTo(new In(id("X"), new ListLiteral(List.of(str("a"), str("b")), P), P));
        assertThat(WhereParser.parse("X in []")).isEqualTo(new In(id("X"), new ListLiteral(List.of(), P), P));
        assertThat(WhereParser.parse("X in options")).isEqualTo(new In(id("X"), id("options"), P));
        assertThat(WhereParser.parse("\"s\" in X")).isEqualTo(new In(str("s"), id("X"), P));
        assertThat(WhereParser.parse("not \"s\" in X")).isEqualTo(new Not(new In(str("s"), id("X"), P), P));
        assertThat(WhereParser.parse("\"s\" not in X")).isEqualTo(new Not(new In(str("s"), id("X"), P), P));
    }

    @Test
    void precedenceOrAndNot() {
        Expr a = call("INT", id("A"));
        Expr b = call("INT", id("B"));
        Expr c = call("INT", id("C"));
        assertThat(WhereParser.parse("INT(A) or INT(B) and not INT(C)"))
                .isEqualTo(new Or(List.of(a, new And(List.of(b, new Not(c, P)), P)), P));
        assertThat(WhereParser.parse("(INT(A) or INT(B)) and INT(C)"))
                .isEqualTo(new And(List.of(new Or(List.of(a, b), P), c), P));
        assertThat(WhereParser.parse("INT(A) and INT(B) and INT(C)"))
                .isEqualTo(new And(List.of(a, b, c), P));
        assertThat(WhereParser.parse("(INT(A) and INT(B)) and INT(C)"))
                .isEqualTo(new And(List.of(new And(List.of(a, b), P), c), P));
        assertThat(WhereParser.parse("not not INT(A)")).isEqualTo(new Not(new Not(a, P), P));
    }

    @Test
    void literals() {
        assertThat(WhereParser.parse("X == -3")).isEqualTo(new Comparison(ComparisonOperator.EQ, id("X"), num(-3), P));
        assertThat(WhereParser.parse("X == 1.5e3"))
                .isEqualTo(new Comparison(ComparisonOperator.EQ, id("X"), new FloatLiteral(1500.0, P), P));
        assertThat(WhereParser.parse("X == -0.25"))
                .isEqualTo(new Comparison(ComparisonOperator.EQ, id("X"), new FloatLiteral(-0.25, P), P));
        assertThat(WhereParser.parse("X == -9223372036854775808"))
                .isEqualTo(new Comparison(ComparisonOperator.EQ, id("X"), num(Long.MIN_VALUE), P));
    }

    @Test
    void stringEscapes() {
        assertThat(WhereParser.parse("X == \"a\\nb\\tc\\\\d\\\"e\\'f\\u00e9\\rg\""))
                .isEqualTo(new Comparison(ComparisonOperator.EQ, id("X"), str("a\nb\tc\\d\"e'f\u00e9\rg"), P));
        assertThat(WhereParser.parse("X == 'it\"s'"))
                .isEqualTo(new Comparison(ComparisonOperator.EQ, id("X"), str("it\"s"), P));
        assertThat(WhereParser.parse("X == r'a\\'b'"))
                .isEqualTo(new Comparison(ComparisonOperator.EQ, id("X"), str("a\\'b"), P));
    }

    @Test
    void positionsOfNodes() {
        Expr e = WhereParser.parse("INT(A) and\n  STOPS_AT(B, \"x\")");
        And and = (And) e;
        assertThat(and.position()).isEqualTo(new SourcePosition(0, 1, 1));
        Call stops = (Call) and.operands().get(1);
        assertThat(stops.position()).isEqualTo(new SourcePosition(13, 2, 3));
        assertThat(stops.arguments().get(0).position()).isEqualTo(new SourcePosition(22, 2, 12));
        assertThat(stops.arguments().get(1).position()).isEqualTo(new SourcePosition(25, 2, 15));
    }

    @Test
    void printerAddsOnlyNeededParentheses() {
        assertThat(WhereParser.parse("(INT(A) or INT(B)) and (INT(C))").toSource())
                .isEqualTo("(INT(A) or INT(B)) and INT(C)");
        assertThat(WhereParser.parse("INT(A) and (INT(B) and INT(C))").toSource())
                .isEqualTo("INT(A) and (INT(B) and INT(C))");
        assertThat(WhereParser.parse("INT(A) and INT(B) and (INT(C) or INT(D))").toSource())
                .isEqualTo("INT(A) and INT(B) and (INT(C) or INT(D))");
        assertThat(WhereParser.parse("not (X == \"a\") or REGEX(X, r\"\\d\")").toSource())
                .isEqualTo("not X == \"a\" or REGEX(X, \"\\\\d\")");
        assertThat(WhereParser.parse("(X == Y) == Z").toSource()).isEqualTo("(X == Y) == Z");
    }

    // ---- errors: message texts are API ----

    @Test
    void emptyClause() {
        assertError("   ", "expected a constraint but the where clause is empty at line 1, column 1");
    }

    @Test
    void missingOperand() {
        assertError("INT(X) and", "expected a value but found the end of the clause at line 1, column 11");
        assertError("X ==", "expected a value but found the end of the clause at line 1, column 5");
        assertError("and X", "expected a value but found 'and' at line 1, column 1");
    }

    @Test
    void trailingTokens() {
        assertError("INT(X) INT(Y)", "expected 'and', 'or' or the end of the where clause but found the name INT at line 1, column 8");
    }

    @Test
    void unclosedParenthesesAndLists() {
        assertError("(INT(X)", "expected ')' to close the '(' at line 1, column 1 but found the end of the clause at line 1, column 8");
        assertError("STOPS_AT(X, \".\"", "expected ',' or ')' in the arguments of STOPS_AT but found the end of the clause at line 1, column 16");
        assertError("X in [\"a\" \"b\"]", "expected ',' or ']' in the list at line 1, column 6 but found a string at line 1, column 11");
    }

    @Test
    void chainedComparisons() {
        assertError("1 < len(X) < 5", "chained comparisons are not supported; combine them with 'and' at line 1, column 12");
    }

    @Test
    void singleEquals() {
        assertError("X = \"a\"", "'=' cannot be used in a where clause; write '==' to compare at line 1, column 3");
    }

    @Test
    void badCharacters() {
        assertError("X ! Y", "unexpected character '!'; did you mean '!=' or 'not'? at line 1, column 3");
        assertError("X @ Y", "unexpected character '@' at line 1, column 3");
        assertError("X == 12abc", "unexpected character 'a' after the number 12 at line 1, column 8");
        assertError("X == 1e", "expected digits after the exponent 'e' of a number at line 1, column 7");
        assertError("X == - Y", "expected a number after '-' but found the name Y at line 1, column 8");
    }

    @Test
    void badStrings() {
        assertError("X == \"abc", "unterminated string literal; expected a closing \" at line 1, column 6");
        assertError("X == 'abc\\", "unterminated string literal; a backslash must be followed by an escaped character at line 1, column 10");
        assertError("REGEX(X, \"\\d\")", "unknown escape sequence '\\d' in string literal; write '\\\\d' for a backslash, or use a raw string r\"...\" at line 1, column 11");
        assertError("X == \"\\u12g4\"", "expected four hex digits after '\\u' in string literal at line 1, column 7");
        assertError("X == \"\\u12\"", "expected four hex digits after '\\u' in string literal at line 1, column 7");
    }

    @Test
    void badNumbers() {
        assertError("len(X) < 99999999999999999999", "integer literal 99999999999999999999 is too large; the limit is 9223372036854775807 at line 1, column 10");
        assertError("len(X) > -99999999999999999999", "integer literal -99999999999999999999 is too large; the limit is -9223372036854775808 at line 1, column 10");
        assertError("X == 1e999", "float literal 1e999 is too large at line 1, column 6");
    }

    @Test
    void badMethodCalls() {
        assertError("X.", "expected a method name after '.' but found the end of the clause at line 1, column 3");
        assertError("X.length", "expected '(' to call the method length (attributes other than method calls are not supported) but found the end of the clause at line 1, column 9");
    }

    @Test
    void nestingTooDeep() {
        String deep = "(".repeat(WhereParser.MAX_DEPTH + 1) + "X" + ")".repeat(WhereParser.MAX_DEPTH + 1);
        assertError(deep, "expression nested too deeply (more than 200 levels) at line 1, column 201");
        String shallow = "(".repeat(WhereParser.MAX_DEPTH) + "X" + ")".repeat(WhereParser.MAX_DEPTH);
        assertThat(WhereParser.parse(shallow)).isEqualTo(id("X"));
    }

    private static void assertError(String where, String message) {
        assertThatThrownBy(() -> WhereParser.parse(where))
                .isInstanceOf(QuerySyntaxException.class)
                .hasMessage(message);
    }
}
