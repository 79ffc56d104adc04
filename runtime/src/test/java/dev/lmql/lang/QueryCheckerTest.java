package dev.lmql.lang;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class QueryCheckerTest {
    private static final String GREET = "Greet [WHO] with [GREETING]";

    private static List<Diagnostic> where(String where) {
        return QueryChecker.check(QuerySource.of(GREET).withWhere(where));
    }

    private static List<Diagnostic> where(String where, String... parameters) {
        return QueryChecker.check(QuerySource.of(GREET).withWhere(where), List.of(parameters));
    }

    private static List<String> messages(List<Diagnostic> diagnostics) {
        return diagnostics.stream().map(Diagnostic::message).toList();
    }

    @Test
    void validQueryHasNoDiagnostics() {
        QuerySource source = new QuerySource("{:user}Review: {review}\nWhy: [WHY] Sentiment: [LABEL]",
                "WHY in labels and STOPS_AT(WHY, \".\") and len(TOKENS(WHY)) < 10 and not \"\\n\" in WHY "
                        + "and (WHY.startswith(\"p\") or STARTS_WITH(WHY, prefix)) and len(WORDS(WHY)) <= 3 "
                        + "and len(WHY) != 0 and REGEX(WHY, r\"[a-z]+\")",
                "sample(n=2, temperature=0.5)", "LABEL in [\"positive\", \"negative\"]");
        assertThat(QueryChecker.check(source, List.of("review", "labels", "prefix"))).isEmpty();
        assertThat(QueryChecker.check(source)).isEmpty();
    }

    @Test
    void typedHolesCompareWithNumbers() {
        assertThat(QueryChecker.check(QuerySource.of("[N: int] [F: float]").withWhere("N < 10 and F == 1.5 and N != F"))).isEmpty();
    }

    @Test
    void syntaxErrorsBecomeDiagnosticsOfTheirPart() {
        List<Diagnostic> d = QueryChecker.check(new QuerySource("Hi [X", "INT(X", "smaple", "X in"));
        assertThat(d).containsExactly(
                new Diagnostic(Diagnostic.Kind.ERROR, "expected ']' to close hole [X", QueryPart.TEMPLATE, new SourcePosition(3, 1, 4)),
                new Diagnostic(Diagnostic.Kind.ERROR, "expected ',' or ')' in the arguments of INT but found the end of the clause", QueryPart.WHERE, new SourcePosition(5, 1, 6)),
                new Diagnostic(Diagnostic.Kind.ERROR, "unknown decoder smaple; did you mean sample?", QueryPart.DECODER, new SourcePosition(0, 1, 1)),
                new Diagnostic(Diagnostic.Kind.ERROR, "expected a list of values such as [\"yes\", \"no\"] or a parameter name after 'in' but found the end of the clause", QueryPart.DISTRIBUTION, new SourcePosition(4, 1, 5)));
    }

    @Test
    void unusableRegexesAreReportedWhereTheyAreWritten() {
        List<Diagnostic> inWhere = where("REGEX(WHO, r\"[a-z\")");
        assertThat(messages(inWhere)).singleElement().asString()
                .startsWith("the regular expression of REGEX is not usable: invalid constraint regex:");
        assertThat(inWhere.get(0).part()).isEqualTo(QueryPart.WHERE);
        assertThat(inWhere.get(0).position().column()).isEqualTo(12);
        List<Diagnostic> inHole = QueryChecker.check(QuerySource.of("Code: [C: r\"(ab\"]"));
        assertThat(messages(inHole)).singleElement().asString()
                .startsWith("the regex of hole [C] is not usable: invalid constraint regex:");
        assertThat(inHole.get(0).position().column()).isEqualTo(7);
        assertThat(QueryChecker.check(QuerySource.of("Code: [C: r\"(ab)+\\d\"]"))).isEmpty();
        assertThat(messages(where("REGEX(WHO, r\"(?<=a)b\")"))).singleElement().asString().contains("lookaround");
    }

    @Test
    void unknownDecoderArgument() {
        List<Diagnostic> d = QueryChecker.check(QuerySource.of("[X]").withDecoder("beam(n=2, temperatur=1)"));
        assertThat(messages(d)).containsExactly("unknown argument temperatur for decoder beam; expected one of n, max_len, max_tokens, chunksize");
    }

    // ---- template ----

    @Test
    void holeDeclaredTwice() {
        List<Diagnostic> d = QueryChecker.check(QuerySource.of("[A] and\n [A: int]"));
        assertThat(d).containsExactly(new Diagnostic(Diagnostic.Kind.ERROR,
                "hole [A] is declared twice; its first declaration is at line 1, column 1", QueryPart.TEMPLATE,
                new SourcePosition(9, 2, 2)));
    }

    @Test
    void unknownParameterInTemplate() {
        assertThat(messages(QueryChecker.check(QuerySource.of("{revew.title}[X]"), List.of("review"))))
                .containsExactly("unknown parameter {revew}; did you mean {review}?");
        assertThat(messages(QueryChecker.check(QuerySource.of("{text}[X]"), List.of("review", "n"))))
                .containsExactly("unknown parameter {text}; the method has parameters review, n");
        assertThat(messages(QueryChecker.check(QuerySource.of("{text}[X]"), List.of())))
                .containsExactly("unknown parameter {text}; the method has no parameters");
        assertThat(QueryChecker.check(QuerySource.of("{text}[X]"))).isEmpty();
    }

    @Test
    void holeShadowingAParameterIsAWarning() {
        List<Diagnostic> d = QueryChecker.check(QuerySource.of("[review]"), List.of("review"));
        assertThat(d).containsExactly(new Diagnostic(Diagnostic.Kind.WARNING,
                "hole [review] has the same name as a parameter; in the where clause review means the hole",
                QueryPart.TEMPLATE, SourcePosition.START));
    }

    // ---- where: names ----

    @Test
    void unknownVariableWithSuggestion() {
        List<Diagnostic> d = where("STOPS_AT(GREETNG, \".\")");
        assertThat(d).containsExactly(new Diagnostic(Diagnostic.Kind.ERROR,
                "unknown variable GREETNG in the where clause; did you mean GREETING?", QueryPart.WHERE,
                new SourcePosition(9, 1, 10)));
    }

    @Test
    void unknownVariableWithoutSuggestion() {
        assertThat(messages(where("INT(COUNT)")))
                .containsExactly("unknown variable COUNT in the where clause; it is not a hole of the template");
        assertThat(messages(where("WHO in options", "choices")))
                .containsExactly("unknown variable options in the where clause; it is neither a hole of the template nor a parameter");
        assertThat(messages(where("WHO in option", "options")))
                .containsExactly("unknown variable option in the where clause; did you mean options?");
        assertThat(messages(where("len(LENGTH) < 3")))
                .containsExactly("unknown variable LENGTH in the where clause; it is not a hole of the template");
        assertThat(messages(where("WH.startswith(\"a\")")))
                .containsExactly("unknown variable WH in the where clause; did you mean WHO?");
    }

    @Test
    void parameterWhereAHoleIsNeeded() {
        assertThat(messages(where("INT(count)", "count")))
                .containsExactly("INT expects a hole as its argument, got the parameter count");
    }

    @Test
    void distributionVariableInWhere() {
        List<Diagnostic> d = QueryChecker.check(QuerySource.of(GREET).withWhere("INT(GREETING)").withDistribution("GREETING in [\"hi\"]"));
        assertThat(messages(d)).containsExactly("distribution variable GREETING cannot be used in the where clause");
    }

    // ---- where: functions ----

    @Test
    void unknownFunction() {
        assertThat(messages(where("STOP_AT(WHO, \".\")"))).containsExactly("unknown function STOP_AT; did you mean STOPS_AT?");
        assertThat(messages(where("upper(WHO)"))).containsExactly(
                "unknown function upper; expected one of len, TOKENS, WORDS, STOPS_AT, STOPS_BEFORE, INT, FLOAT, REGEX, STARTS_WITH");
        assertThat(messages(where("stops_at(WHO, \".\") and stops_before(WHO, \"!\")"))).isEmpty();
    }

    @Test
    void wrongNumberOfArguments() {
        assertThat(messages(where("STOPS_AT(WHO)"))).containsExactly("STOPS_AT expects 2 arguments (a hole and a stop phrase), got 1");
        assertThat(messages(where("INT(WHO, GREETING)"))).containsExactly("INT expects 1 argument (a hole), got 2");
        assertThat(messages(where("len() < 2"))).containsExactly("len expects 1 argument (a hole, TOKENS(hole) or WORDS(hole)), got 0");
        assertThat(messages(where("len(TOKENS()) < 2"))).containsExactly("TOKENS expects 1 argument (a hole), got 0");
    }

    @Test
    void wrongKindOfArguments() {
        assertThat(messages(where("len(1) < 2"))).containsExactly("len expects a hole, TOKENS(hole) or WORDS(hole), got the integer 1");
        assertThat(messages(where("STOPS_AT(\".\", WHO)"))).containsExactly(
                "STOPS_AT expects a hole as its first argument, got the string \".\"",
                "STOPS_AT expects a string as its second argument (a stop phrase), got the hole WHO");
        assertThat(messages(where("REGEX(WHO, 3)"))).containsExactly("REGEX expects a string as its second argument (a regular expression), got the integer 3");
        assertThat(messages(where("STARTS_WITH(WHO, [\"a\"])"))).containsExactly("STARTS_WITH expects a string as its second argument (a prefix), got a list");
        assertThat(messages(where("FLOAT(len(WHO))"))).containsExactly("FLOAT expects a hole as its argument, got the length len(WHO)");
        assertThat(messages(where("len(TOKENS(\"x\")) < 3"))).containsExactly("TOKENS expects a hole as its argument, got the string \"x\"");
        assertThat(messages(where("STOPS_AT(WHO, \"\")"))).containsExactly("the stop phrase of STOPS_AT must not be empty");
    }

    @Test
    void tokensOutsideLen() {
        assertThat(messages(where("TOKENS(WHO) == 3"))).containsExactly("TOKENS(WHO) can only be used inside len(...)");
    }

    @Test
    void stopsUnderNot() {
        assertThat(messages(where("not STOPS_AT(WHO, \".\")"))).containsExactly(
                "STOPS_AT cannot be used under 'not'; a stop phrase ends the hole and cannot be negated");
        assertThat(messages(where("not not STOPS_AT(WHO, \".\")"))).isEmpty();
    }

    @Test
    void methods() {
        assertThat(messages(where("WHO.startwith(\"a\")"))).containsExactly("unknown method startwith; did you mean startswith?");
        assertThat(messages(where("WHO.upper()"))).containsExactly("unknown method upper; the only supported method is startswith");
        assertThat(messages(where("WHO.startswith(\"a\", \"b\")"))).containsExactly("startswith expects 1 argument (a prefix), got 2");
        assertThat(messages(where("WHO.startswith(1)"))).containsExactly("startswith expects a string as its argument (a prefix), got the integer 1");
        assertThat(messages(where("\"x\".startswith(\"a\")"))).containsExactly("startswith must be called on a hole, got the string \"x\"");
    }

    // ---- where: operators ----

    @Test
    void orderingNeedsNumbers() {
        assertThat(messages(where("WHO < 3"))).containsExactly("operator < compares numbers, got the hole WHO");
        assertThat(messages(where("len(WHO) >= \"3\""))).containsExactly("operator >= compares numbers, got the string \"3\"");
        assertThat(messages(where("len(WHO) < limit", "limit"))).isEmpty();
    }

    @Test
    void equalityNeedsTheSameKind() {
        assertThat(messages(where("WHO == 3"))).containsExactly("operator == compares values of the same kind, got the hole WHO and the integer 3");
        assertThat(messages(where("WHO == \"Bob\" and WHO != GREETING and len(WHO) == 3"))).isEmpty();
    }

    @Test
    void inForms() {
        assertThat(messages(where("\"a\" in [\"a\"]"))).containsExactly("'in' with a list needs a hole on its left, got the string \"a\"");
        assertThat(messages(where("WHO in []"))).containsExactly("the list of 'in' is empty, so no value can satisfy it");
        assertThat(messages(where("WHO in [\"a\", WHO]"))).containsExactly("list elements must be string or number literals, got the hole WHO");
        assertThat(messages(where("3 in WHO"))).containsExactly("'in' with a hole on its right tests for a substring and needs a string on its left, got the integer 3");
        assertThat(messages(where("3 in names", "names"))).containsExactly("'in' with the parameter names on its right needs a hole or a string on its left, got the integer 3");
        assertThat(messages(where("WHO in 3"))).containsExactly("'in' expects a list, a parameter or a hole on its right, got the integer 3");
    }

    @Test
    void booleanOperandsMustBeConditions() {
        assertThat(messages(where("WHO and INT(GREETING)"))).containsExactly("the operands of 'and' must be conditions, got the hole WHO");
        assertThat(messages(where("INT(WHO) or \"x\""))).containsExactly("the operands of 'or' must be conditions, got the string \"x\"");
        assertThat(messages(where("not len(WHO)"))).containsExactly("the operand of 'not' must be a condition, got the length len(WHO)");
        assertThat(messages(where("WHO"))).containsExactly("the where clause must be a condition, got the hole WHO");
    }

    // ---- distribution ----

    @Test
    void distributionVariableMustBeAHole() {
        List<Diagnostic> d = QueryChecker.check(QuerySource.of(GREET).withDistribution("GREETNG in [\"a\"]"));
        assertThat(d).containsExactly(new Diagnostic(Diagnostic.Kind.ERROR,
                "distribution variable GREETNG is not a hole of the template; did you mean GREETING?",
                QueryPart.DISTRIBUTION, SourcePosition.START));
        assertThat(messages(QueryChecker.check(QuerySource.of(GREET).withDistribution("ANSWER in [\"a\"]"))))
                .containsExactly("distribution variable ANSWER is not a hole of the template; the holes are WHO, GREETING");
        assertThat(messages(QueryChecker.check(QuerySource.of("hi").withDistribution("ANSWER in [\"a\"]"))))
                .containsExactly("distribution variable ANSWER is not a hole of the template; the template has no holes");
    }

    @Test
    void distributionVariableMustBeTheLastHole() {
        assertThat(messages(QueryChecker.check(QuerySource.of(GREET).withDistribution("WHO in [\"a\"]"))))
                .containsExactly("distribution variable WHO must be the last hole of the template, but [GREETING] comes after it");
    }

    @Test
    void distributionParameter() {
        QuerySource source = QuerySource.of(GREET).withDistribution("GREETING in greetngs");
        assertThat(messages(QueryChecker.check(source, List.of("greetings"))))
                .containsExactly("unknown parameter greetngs in the distribution clause; did you mean greetings?");
        assertThat(QueryChecker.check(source)).isEmpty();
        assertThat(messages(QueryChecker.check(source, List.of())))
                .containsExactly("unknown parameter greetngs in the distribution clause; the method has no parameters");
    }

    @Test
    void diagnosticToString() {
        assertThat(where("INT(COUNT)").get(0).toString())
                .isEqualTo("ERROR in where at line 1, column 5: unknown variable COUNT in the where clause; it is not a hole of the template");
    }
}
