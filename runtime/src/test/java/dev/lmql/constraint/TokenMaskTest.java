package dev.lmql.constraint;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class TokenMaskTest {

    @Test
    void allCoversExactlyTheVocabulary() {
        TokenMask all = TokenMask.all(100);
        assertThat(all.cardinality()).isEqualTo(100);
        assertThat(all.contains(99)).isTrue();
        assertThat(all.contains(100)).isFalse();
    }

    @Test
    void ofAndToArrayRoundTrip() {
        TokenMask m = TokenMask.of(200, 3, 64, 199);
        assertThat(m.toArray()).containsExactly(3, 64, 199);
        assertThat(m.and(TokenMask.of(200, 64)).toArray()).containsExactly(64);
        assertThat(m.or(TokenMask.of(200, 5)).cardinality()).isEqualTo(4);
    }

    @Property
    void containsMatchesMembership(@ForAll @IntRange(min = 1, max = 5000) int vocab, @ForAll @IntRange(min = 0, max = 4999) int id) {
        TokenMask m = TokenMask.of(vocab, id % vocab);
        assertThat(m.contains(id % vocab)).isTrue();
        assertThat(m.cardinality()).isEqualTo(1);
    }
}
