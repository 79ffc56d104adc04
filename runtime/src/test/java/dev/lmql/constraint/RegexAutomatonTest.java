package dev.lmql.constraint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The byte-level automaton of a regex accepts exactly what java.util.regex matches. */
class RegexAutomatonTest {
    private static final List<String> PATTERNS = List.of(
            "\\d{4}-\\d{2}-\\d{2}", "[a-zA-Z ,.]{1,40}", "(ab|a)*c?", "[^a]+", "a.b", "x{2,}y{0,3}",
            "(?:é|ü)+[0-9]", "[\\w-]+@\\w+\\.com", "(?<word>[a-c]+)\\s?", "\\S\\D\\W", "[a-c[x-z]]{1,3}",
            "🙂+|日本", "^(yes|no)$", "[\\u00e0-\\u00ff]*", "a|", "(a|b)?(c|d)??", ".*e.*", "\\x41\\u0042\\0103",
            "[.\\-+*]+", "[^\\d\\s]{2}");
    private static final String ALPHABET = "abcxyz019-.,@é ü🙂日本\nAB_C";

    @Provide
    Arbitrary<String> samples() {
        List<String> symbols = ALPHABET.codePoints().mapToObj(Character::toString).collect(Collectors.toList());
        return Arbitraries.of(symbols).list().ofMaxSize(8).map(l -> String.join("", l));
    }

    @Property(tries = 300)
    void agreesWithJavaUtilRegex(@ForAll("samples") String sample) {
        for (String pattern : PATTERNS) {
            ByteDfa dfa = ValueAutomata.of(Constraints.regex(pattern));
            assertThat(dfa.accepts(sample.getBytes(StandardCharsets.UTF_8)))
                    .as("%s on %s", pattern, sample)
                    .isEqualTo(Pattern.matches(pattern, sample));
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\\d{4}-\\d{2}-\\d{2}|2024-01-31|true", "\\d{4}-\\d{2}-\\d{2}|2024-1-31|false",
            "[a-zA-Z ,.]{1,40}|Hello, world.|true", "[a-zA-Z ,.]{1,40}|''|false",
            "🙂{2}|🙂🙂|true", "[^x]|🙂|true", "[^x]|x|false"})
    void acceptsExamples(String pattern, String value, boolean expected) {
        assertThat(ValueAutomata.of(Constraints.regex(pattern)).accepts(value.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(expected);
    }

    @Test
    void dotExcludesLineTerminatorsLikeJava() {
        ByteDfa dot = ValueAutomata.of(Constraints.regex("."));
        for (String terminator : List.of("\n", "\r", "\u0085", "\u2028", "\u2029")) {
            assertThat(dot.accepts(terminator.getBytes(StandardCharsets.UTF_8))).isFalse();
        }
        assertThat(ValueAutomata.of(Constraints.regex("[\\s\\S]")).accepts(new byte[] {'\n'})).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "(a)\\1|backreferences", "a(?=b)|lookaround", "(?<!a)b|lookaround", "\\bword|word boundaries",
            "(?i)abc|inline flags", "a++|possessive", "(ab|unclosed group", "ab)|unmatched ')'", "[abc|unclosed",
            "*a|nothing to repeat", "a{3,1}|maximum below its minimum", "\\p{L}|Unicode property",
            "a{99999}|above the limit", "[z-a]|illegal character range", "a^b|only supported at the start"})
    void unsupportedOrMalformedPatternsAreClearErrors(String pattern, String message) {
        assertThatThrownBy(() -> Constraints.regex(pattern)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message).hasMessageContaining("^");
    }

    @ParameterizedTest
    @ValueSource(strings = {"(a|b)*abb", "(x+x+)+y", "[a-z]{0,30}[0-9]"})
    void automataAreMinimal(String pattern) {
        ByteDfa dfa = ValueAutomata.of(Constraints.regex(pattern));
        assertThat(dfa.minimize().size()).isEqualTo(dfa.size());
        assertThat(dfa.size()).isLessThan(40);
    }
}
