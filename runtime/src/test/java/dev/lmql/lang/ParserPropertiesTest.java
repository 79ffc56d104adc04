package dev.lmql.lang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Parsers never fail with anything but a QuerySyntaxException, never hang, and print/parse round-trips. */
class ParserPropertiesTest {
    private static final Duration GUARD = Duration.ofSeconds(5);
    private static final List<String> FRAGMENTS = List.of(
            "[", "]", "[[", "]]", "{", "}", "{{", "}}", "{:", ":", "(", ")", ",", ".", "=", "==", "!=", "<", ">", "<=",
            ">=", "!", "-", "\"", "'", "r\"", "\\", "\\n", "\\u", "\\u00e9", " ", "\n", "\t", "and", "or", "not", "in",
            "X", "len", "TOKENS", "WORDS", "STOPS_AT", "INT", "REGEX", "startswith", "argmax", "sample", "beam",
            "best_k", "n", "temperature", "top_p", "max_len", "seed", "1", "0.5", "1e3", "99999999999999999999", "é",
            "名", "system", "user", "int", "float", "bool", "\u0000");

    @Provide
    Arbitrary<String> soup() {
        Arbitrary<String> fragments = Arbitraries.of(FRAGMENTS).list().ofMaxSize(25).map(l -> String.join("", l));
        Arbitrary<String> characters = Arbitraries.strings().withChars("[]{}():,.=<>!\"'\\ -rnX1\n").ofMaxLength(30);
        return Arbitraries.oneOf(fragments, characters, Arbitraries.strings().ofMaxLength(20));
    }

    @Property(tries = 300)
    void templateParserOnlyThrowsSyntaxErrors(@ForAll("soup") String source) {
        assertParsesOrReportsSyntax(TemplateParser::parse, source);
    }

    @Property(tries = 300)
    void whereParserOnlyThrowsSyntaxErrors(@ForAll("soup") String source) {
        assertParsesOrReportsSyntax(WhereParser::parse, source);
    }

    @Property(tries = 300)
    void decoderParserOnlyThrowsSyntaxErrors(@ForAll("soup") String source) {
        assertParsesOrReportsSyntax(DecoderParser::parse, source);
    }

    @Property(tries = 300)
    void distributionParserOnlyThrowsSyntaxErrors(@ForAll("soup") String source) {
        assertParsesOrReportsSyntax(DistributionParser::parse, source);
    }

    @Property(tries = 300)
    void checkerNeverThrows(@ForAll("soup") String template, @ForAll("soup") String where,
            @ForAll("soup") String decoder, @ForAll("soup") String distribution) {
        QuerySource source = new QuerySource("[X][Y]" + template, where, decoder, distribution);
        assertTimeoutPreemptively(GUARD, () -> {
            QueryChecker.check(source);
            QueryChecker.check(source, List.of("p", "X"));
        });
    }

    @Property(tries = 300)
    void checkerNeverThrowsOnGeneratedWhereClauses(@ForAll("expressions") Expr where) {
        QuerySource source = QuerySource.of("[X][Y: int]").withWhere(where.toSource());
        assertTimeoutPreemptively(GUARD, () -> QueryChecker.check(source, List.of("p")));
    }

    @Property(tries = 300)
    void templatesRoundTrip(@ForAll("templates") Template template) {
        assertThat(TemplateParser.parse(template.toSource())).isEqualTo(template);
    }

    @Property(tries = 300)
    void whereClausesRoundTrip(@ForAll("expressions") Expr expr) {
        assertThat(WhereParser.parse(expr.toSource())).isEqualTo(expr);
    }

    @Property(tries = 300)
    void decoderClausesRoundTrip(@ForAll("decoders") DecoderClause clause) {
        assertThat(DecoderParser.parse(clause.toSource())).isEqualTo(clause);
    }

    @Property(tries = 300)
    void distributionClausesRoundTrip(@ForAll("distributions") DistributionClause clause) {
        assertThat(DistributionParser.parse(clause.toSource())).isEqualTo(clause);
    }

    @Property(tries = 100)
    void positionsPointIntoTheSource(@ForAll("expressions") Expr expr) {
        String source = expr.toSource();
        Expr parsed = WhereParser.parse(source);
        for (Expr.Identifier identifier : HoleConstraints.identifiers(parsed)) {
            int offset = identifier.position().offset();
            assertThat(source.substring(offset, offset + identifier.name().length())).isEqualTo(identifier.name());
        }
    }

    @Provide
    Arbitrary<Template> templates() {
        return LangArbitraries.templates();
    }

    @Provide
    Arbitrary<Expr> expressions() {
        return LangArbitraries.expressions();
    }

    @Provide
    Arbitrary<DecoderClause> decoders() {
        return LangArbitraries.decoderClauses();
    }

    @Provide
    Arbitrary<DistributionClause> distributions() {
        return LangArbitraries.distributionClauses();
    }

    /** Large adversarial inputs: deep nesting, long chains, unclosed strings and brackets. None may hang. */
    @Test
    void largeAdversarialInputsFinishQuickly() {
        Random random = new Random(7);
        StringBuilder soup = new StringBuilder();
        while (soup.length() < 64 * 1024) {
            soup.append(FRAGMENTS.get(random.nextInt(FRAGMENTS.size())));
        }
        List<String> inputs = List.of(
                "(".repeat(100_000), "not ".repeat(50_000) + "X", "[".repeat(100_000), "{".repeat(100_000),
                "INT(X) and ".repeat(10_000) + "INT(X)", "\"" + "a".repeat(100_000), "r'" + "\\'".repeat(50_000),
                "X in [" + "\"a\", ".repeat(20_000) + "]", "[[".repeat(50_000) + "[X", soup.toString());
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (String input : inputs) {
                for (Function<String, ?> parser : List.<Function<String, ?>>of(TemplateParser::parse, WhereParser::parse,
                        DecoderParser::parse, DistributionParser::parse)) {
                    assertParsesOrReportsSyntax(parser, input);
                }
                QueryChecker.check(new QuerySource(input, input, input, input), List.of("p"));
            }
        });
    }

    private static void assertParsesOrReportsSyntax(Function<String, ?> parser, String source) {
        assertTimeoutPreemptively(GUARD, () -> {
            try {
                Object result = parser.apply(source);
                assertThat(result).isNotNull();
            } catch (QuerySyntaxException e) {
                assertThat(e.offset()).isBetween(0, source.length());
                assertThat(e.excerpt()).contains("^");
                assertThat(e.getMessage()).endsWith("at line " + e.line() + ", column " + e.column());
            }
        });
    }
}
