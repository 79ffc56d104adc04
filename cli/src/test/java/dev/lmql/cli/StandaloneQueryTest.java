package dev.lmql.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lmql.lang.QuerySyntaxException;
import org.junit.jupiter.api.Test;

class StandaloneQueryTest {

    @Test
    void splitsAllClauses() {
        StandaloneQuery q = StandaloneQuery.parse("""
                sample(n=2, temperature=0.5)
                "Q: Where does the dog live?\\n"
                "A: [ANSWER]"
                from "local:stories260K.gguf"
                where STOPS_AT(ANSWER, ".") and len(TOKENS(ANSWER)) < 20
                distribution ANSWER in ["a", "b"]
                """);
        assertThat(q.decoder()).isEqualTo("sample(n=2, temperature=0.5)");
        assertThat(q.template()).isEqualTo("Q: Where does the dog live?\nA: [ANSWER]");
        assertThat(q.model()).isEqualTo("local:stories260K.gguf");
        assertThat(q.where()).isEqualTo("STOPS_AT(ANSWER, \".\") and len(TOKENS(ANSWER)) < 20");
        assertThat(q.distribution()).isEqualTo("ANSWER in [\"a\", \"b\"]");
    }

    @Test
    void keywordsInsideStringsAreNotClauses() {
        StandaloneQuery q = StandaloneQuery.parse("argmax \"the where and from [X]\" where X in [\"from\", \"distribution\"]");
        assertThat(q.template()).isEqualTo("the where and from [X]");
        assertThat(q.model()).isNull();
        assertThat(q.where()).isEqualTo("X in [\"from\", \"distribution\"]");
        assertThat(q.distribution()).isNull();
    }

    @Test
    void decoderClausesWithStringArguments() {
        StandaloneQuery q = StandaloneQuery.parse("var(b=3, subdecoder=\"beam\", n=(2)) \"Q: [X]\" from 'random'");
        assertThat(q.decoder()).isEqualTo("var(b=3, subdecoder=\"beam\", n=(2))");
        assertThat(q.template()).isEqualTo("Q: [X]");
        assertThat(q.model()).isEqualTo("random");
        StandaloneQuery bv = StandaloneQuery.parse("beam_var(n=2, inject_stop=True): \"A:[A]\" where STOPS_AT(A, \".\")");
        assertThat(bv.decoder()).isEqualTo("beam_var(n=2, inject_stop=True)");
        assertThat(bv.template()).isEqualTo("A:[A]");
        assertThat(StandaloneQuery.parse("bsseq \"B:[B]\"").decoder()).isEqualTo("bsseq");
    }

    @Test
    void tripleQuotedPromptsKeepNewlines() {
        StandaloneQuery q = StandaloneQuery.parse("\"\"\"Line one\nLine [TWO]\"\"\" from 'random'");
        assertThat(q.decoder()).isNull();
        assertThat(q.template()).isEqualTo("Line one\nLine [TWO]");
        assertThat(q.model()).isEqualTo("random");
    }

    @Test
    void bareTemplateIsTheWholeText() {
        StandaloneQuery q = StandaloneQuery.parse("Say hello:[GREETING]");
        assertThat(q.template()).isEqualTo("Say hello:[GREETING]");
        assertThat(q.decoder()).isNull();
    }

    @Test
    void unterminatedStringIsASyntaxErrorWithPosition() {
        assertThatThrownBy(() -> StandaloneQuery.parse("argmax \"open [X]"))
                .isInstanceOf(QuerySyntaxException.class)
                .hasMessage("unterminated string literal (close it with \") at line 1, column 8");
    }

    @Test
    void fromNeedsAQuotedModel() {
        assertThatThrownBy(() -> StandaloneQuery.parse("argmax \"[X]\" from random"))
                .isInstanceOf(QuerySyntaxException.class)
                .hasMessageStartingWith("expected a quoted model id after 'from'");
    }
}
