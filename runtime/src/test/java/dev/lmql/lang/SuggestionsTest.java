package dev.lmql.lang;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class SuggestionsTest {

    @Test
    void suggestsTheNearestNameWithinTheLimit() {
        assertThat(Suggestions.closest("GREETNG", List.of("WHO", "GREETING"))).hasValue("GREETING");
        assertThat(Suggestions.closest("stops_at", BuiltinFunction.names())).hasValue("STOPS_AT");
        assertThat(Suggestions.closest("smaple", Decoder.keywords())).hasValue("sample");
        assertThat(Suggestions.closest("abc", List.of("xyz"))).isEmpty();
        assertThat(Suggestions.closest("n", List.of("k"))).hasValue("k");
        assertThat(Suggestions.closest("temp", List.of("temperature"))).isEmpty();
    }

    @Test
    void neverSuggestsTheNameItselfAndPrefersTheFirstOnTies() {
        assertThat(Suggestions.closest("A", List.of("A"))).isEmpty();
        assertThat(Suggestions.closest("cat", List.of("bat", "cot"))).hasValue("bat");
    }

    @Test
    void distanceIsLevenshtein() {
        assertThat(Suggestions.distance("kitten", "sitting", 10)).isEqualTo(3);
        assertThat(Suggestions.distance("", "abc", 10)).isEqualTo(3);
        assertThat(Suggestions.distance("kitten", "sitting", 1)).isEqualTo(2);
    }

    @Property(tries = 200)
    void distanceIsSymmetric(@ForAll @AlphaChars @StringLength(max = 8) String a,
            @ForAll @AlphaChars @StringLength(max = 8) String b) {
        assertThat(Suggestions.distance(a, b, 20)).isEqualTo(Suggestions.distance(b, a, 20));
    }
}
