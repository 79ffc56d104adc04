package dev.lmql.constraint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lmql.tokenizer.Tokenizer;
import dev.lmql.tokenizer.Tokenizers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConstraintBehaviourTest {
    private final Tokenizer cl100k = Tokenizers.tiktoken("cl100k_base");

    @Test
    void choiceMaskAllowsEveryTokenizationAndEosOnlyAtTheEnd() {
        TokenConstraint c = Constraints.choice("yes", "no").compile(cl100k, "ANSWER");
        ConstraintState start = c.start();
        int yes = single("yes");
        int y = single("y");
        assertThat(start.allowedTokens().contains(yes)).isTrue();
        assertThat(start.allowedTokens().contains(y)).isTrue();
        assertThat(start.allowedTokens().contains(single(" yes"))).isFalse();
        assertThat(start.allowedTokens().contains(cl100k.eos())).isFalse();
        assertThat(start.eosAllowed()).isFalse();
        ConstraintState done = start.advance(y).advance(single("es"));
        assertThat(done.eosAllowed()).isTrue();
        assertThat(done.allowedTokens().isEmpty()).isTrue();
        assertThat(new String(done.valueBytes(), StandardCharsets.UTF_8)).isEqualTo("yes");
        assertThat(done.advance(cl100k.eos()).isComplete()).isTrue();
        assertThat(c.choices()).contains(List.of("yes", "no"));
        assertThat(c.regex()).contains("(?:yes|no)");
        assertThat(c.describe()).isEqualTo("ANSWER in [\"yes\", \"no\"]");
    }

    @Test
    void specialTokensAreNeverInTheMask() {
        TokenConstraint c = Constraints.and(Constraints.any(), Constraints.tokenLength(0, 5)).compile(cl100k);
        TokenMask mask = c.start().allowedTokens();
        for (int id = 100256; id < cl100k.vocabSize(); id++) {
            assertThat(mask.contains(id)).isFalse();
        }
        assertThat(mask.cardinality()).isEqualTo(100256);
    }

    @Test
    void emojiOptionIsReachedThroughTokensThatSplitIt() {
        String emoji = "🦜";
        int[] ids = cl100k.encode(emoji);
        assertThat(ids.length).isGreaterThan(1);
        ConstraintState state = Constraints.choice(emoji, "parrot").compile(cl100k).start();
        for (int id : ids) {
            assertThat(state.allowedTokens().contains(id)).isTrue();
            assertThat(state.eosAllowed()).isFalse();
            state = state.advance(id);
        }
        assertThat(state.eosAllowed()).isTrue();
        assertThat(new String(state.valueBytes(), StandardCharsets.UTF_8)).isEqualTo(emoji);
    }

    @Test
    void stopPhraseInsideATokenCompletesAndPostProcessCuts() {
        int[] ids = cl100k.encode("Hi there.\n\nNext");
        TokenConstraint at = Constraints.stopsAt(".").compile(cl100k);
        TokenConstraint before = Constraints.stopsBefore(".").compile(cl100k);
        ConstraintState a = at.start();
        ConstraintState b = before.start();
        for (int id : ids) {
            if (a.isComplete()) {
                break;
            }
            a = a.advance(id);
            b = b.advance(id);
        }
        assertThat(a.isComplete()).isTrue();
        assertThat(b.isComplete()).isTrue();
        String raw = new String(a.valueBytes(), StandardCharsets.UTF_8);
        assertThat(raw).startsWith("Hi there.");
        assertThat(at.postProcess(raw)).isEqualTo("Hi there.");
        assertThat(before.postProcess(raw)).isEqualTo("Hi there");
        assertThat(at.stopPhrases()).containsExactly(new TokenConstraint.StopPhrase(".", true));
        assertThat(at.regex()).isEmpty();
        ConstraintState completed = a;
        assertThatThrownBy(() -> completed.advance(ids[0])).isInstanceOf(ConstraintViolationException.class)
                .hasMessageContaining("already complete");
    }

    @Test
    void stopPhraseAcrossTokenBoundaries() {
        TokenConstraint c = Constraints.stopsAt("END").compile(cl100k);
        ConstraintState s = c.start().advance(single("E")).advance(single("N"));
        assertThat(s.isComplete()).isFalse();
        s = s.advance(single("D"));
        assertThat(s.isComplete()).isTrue();
    }

    @Test
    void stopsBeforeChecksTheValueWithoutThePhrase() {
        TokenConstraint c = Constraints.and(Constraints.integer(), Constraints.stopsBefore("\n")).compile(cl100k);
        ConstraintState s = c.start().advance(single("42"));
        assertThat(s.allowedTokens().contains(single("\n"))).isTrue();
        assertThat(s.advance(single("\n")).isComplete()).isTrue();
        assertThat(c.start().allowedTokens().contains(single("\n"))).isFalse();
    }

    @Test
    void unsatisfiableConstraintIsDeadWithAClearError() {
        TokenConstraint c = Constraints.and(Constraints.integer(), Constraints.choice("abc")).compile(cl100k, "N");
        ConstraintState start = c.start();
        assertThat(start.isDead()).isTrue();
        assertThatThrownBy(() -> start.advance(single("1"))).isInstanceOf(ConstraintViolationException.class)
                .hasMessageContaining("INT(N) and N in [\"abc\"]").hasMessageContaining("value so far: \"\"");
    }

    @Test
    void tokenOutsideTheMaskIsRejectedNamingConstraintAndValue() {
        TokenConstraint c = Constraints.integer().compile(cl100k, "N");
        ConstraintState s = c.start().advance(single("12"));
        assertThatThrownBy(() -> s.advance(single("abc"))).isInstanceOf(ConstraintViolationException.class)
                .hasMessageContaining("INT(N)").hasMessageContaining("\"12\"").hasMessageContaining("\"abc\"");
        assertThatThrownBy(() -> c.start().advance(cl100k.eos())).isInstanceOf(ConstraintViolationException.class)
                .hasMessageContaining("cannot end here");
    }

    @Test
    void tokenLimitAllowsOnlyEosAtTheMax() {
        TokenConstraint c = Constraints.and(Constraints.charLength(0, 100), Constraints.tokenLength(0, 2))
                .compile(cl100k);
        ConstraintState s = c.start().advance(single("a")).advance(single("b"));
        assertThat(s.allowedTokens().isEmpty()).isTrue();
        assertThat(s.eosAllowed()).isTrue();
        assertThat(c.maxTokens()).hasValue(2);
    }

    @Test
    void lastTokenUnderABudgetMustReachAcceptance() {
        TokenConstraint c = Constraints.and(Constraints.regex("abc"), Constraints.tokenLength(0, 2)).compile(cl100k);
        ConstraintState after = c.start().advance(single("a"));
        assertThat(after.allowedTokens().toArray()).containsExactly(single("bc"));
        assertThatThrownBy(() -> after.advance(single("b"))).isInstanceOf(ConstraintViolationException.class);
    }

    @Test
    void characterBudgetCountsCodePointsAcrossTokens() {
        TokenConstraint c = Constraints.and(Constraints.charLength(2, 3), Constraints.stopsAt("!")).compile(cl100k);
        ConstraintState start = c.start();
        TokenMask mask = start.allowedTokens();
        // Every allowed token has at most 3 characters up to where the stop phrase cuts it.
        mask.forEach(id -> {
            String text = new String(cl100k.tokenBytes(id), StandardCharsets.UTF_8);
            String kept = text.contains("!") ? text.substring(0, text.indexOf('!') + 1) : text;
            assertThat(kept.codePointCount(0, kept.length())).as(text).isLessThanOrEqualTo(3);
        });
        assertThat(mask.contains(single("!"))).as("'!' alone is too short").isFalse();
        assertThat(mask.contains(single("abc"))).isTrue();
        assertThat(mask.contains(single("abcd"))).isFalse();
        assertThat(start.eosAllowed()).isFalse();
        ConstraintState two = start.advance(single("ab"));
        assertThat(two.eosAllowed()).isTrue();
        assertThat(two.allowedTokens().contains(single("c"))).isTrue();
        assertThat(two.allowedTokens().contains(single("!"))).isTrue();
        assertThat(two.allowedTokens().contains(single("cd"))).isFalse();
        ConstraintState full = two.advance(single("c"));
        assertThat(full.allowedTokens().isEmpty()).isTrue();
        assertThat(full.eosAllowed()).isTrue();
        // An emoji is one character though its bytes may come in several tokens.
        TokenConstraint emoji = Constraints.and(Constraints.charLength(0, 1), Constraints.regex("[🦜a]*"))
                .compile(cl100k);
        ConstraintState s = emoji.start();
        for (int id : cl100k.encode("🦜")) {
            s = s.advance(id);
        }
        assertThat(s.eosAllowed()).isTrue();
        assertThat(s.allowedTokens().isEmpty()).isTrue();
    }

    @Test
    void lengthOnlyBudgetShortcutAgreesWithTheTrieWalk() {
        // With a stop phrase the budget takes the general trie walk; without one, a length-mask intersection.
        TokenConstraint shortcut = Constraints.charLength(0, 6).compile(cl100k);
        TokenConstraint walked = Constraints.and(Constraints.charLength(0, 6), Constraints.stopsAt("\u0000\u0001"))
                .compile(cl100k);
        ConstraintState a = shortcut.start();
        ConstraintState b = walked.start();
        for (String piece : List.of("ab", "é", "d")) {
            assertThat(a.allowedTokens()).isEqualTo(b.allowedTokens());
            a = a.advance(single(piece));
            b = b.advance(single(piece));
        }
        assertThat(a.allowedTokens()).isEqualTo(b.allowedTokens());
        assertThat(a.allowedTokens().contains(single("xy"))).isTrue();
        assertThat(a.allowedTokens().contains(single("xyz"))).isFalse();
    }

    @Test
    void serverSideFormsAndUnconstrained() {
        assertThat(Constraints.any().compile(cl100k).isUnconstrained()).isTrue();
        assertThat(Constraints.integer().compile(cl100k).regex()).contains("-?[0-9]{1,18}");
        assertThat(Constraints.startsWith("a.b").compile(cl100k).regex()).contains("a\\.b[\\s\\S]*");
        assertThat(Constraints.and(Constraints.integer(), Constraints.charLength(0, 3)).compile(cl100k).regex())
                .isEqualTo(Optional.empty());
        assertThat(Constraints.and(Constraints.choice("1", "22", "x"), Constraints.integer()).compile(cl100k)
                .choices()).contains(List.of("1", "22"));
        assertThat(Constraints.stopsAt(".").compile(cl100k).isUnconstrained()).isFalse();
        assertThat(Constraints.charLength(0, 10).compile(cl100k).isUnconstrained()).isFalse();
        assertThat(Constraints.charLength(0, 10).compile(cl100k).regex()).contains("[\\s\\S]{0,10}");
    }

    @Test
    void serverSideRegexAcceptsExactlyTheSameValues() {
        List<String> options = List.of("a.b", "c|d", "(x)", "[y]", "$5^", "naïve 🙂", "tab\there");
        Constraint choice = Constraints.choice(options);
        java.util.regex.Pattern pattern = java.util.regex.Pattern.compile(choice.compile(cl100k).regex().orElseThrow());
        for (String option : options) {
            assertThat(pattern.matcher(option).matches()).as(option).isTrue();
        }
        for (String other : List.of("axb", "c", "x", "y", "$5", "")) {
            assertThat(pattern.matcher(other).matches()).as(other).isFalse();
        }
        Constraint either = Constraints.or(Constraints.integer(), Constraints.startsWith("n/a"));
        java.util.regex.Pattern or = java.util.regex.Pattern.compile(either.compile(cl100k).regex().orElseThrow());
        ByteDfa dfa = ValueAutomata.of(either);
        for (String value : List.of("12", "-7", "n/a", "n/a and more", "n/ab", "x", "1.5", "")) {
            assertThat(or.matcher(value).matches()).as(value)
                    .isEqualTo(dfa.accepts(value.getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void stopsAndTokenLengthsCannotBeNested() {
        assertThatThrownBy(() -> Constraints.or(Constraints.stopsAt("."), Constraints.integer()).compile(cl100k))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("STOPS_AT(X, \".\")")
                .hasMessageContaining("top-level");
        assertThatThrownBy(() -> Constraints.not(Constraints.tokenLength(1, 2)).compile(cl100k))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("len(TOKENS(X))");
    }

    @Test
    void boundsAreValidated() {
        assertThatThrownBy(() -> Constraints.charLength(5, 2)).hasMessageContaining("0 <= min <= max");
        assertThatThrownBy(() -> Constraints.choice(List.of())).hasMessageContaining("at least one option");
        assertThatThrownBy(() -> Constraints.stopsAt("")).hasMessageContaining("non-empty");
    }

    @Test
    void equalConstraintsShareOneCompiledInstance() {
        TokenConstraint first = Constraints.and(Constraints.regex("[a-z]+"), Constraints.charLength(0, 9))
                .compile(cl100k, "V");
        TokenConstraint second = Constraints.and(Constraints.regex("[a-z]+"), Constraints.charLength(0, 9))
                .compile(cl100k, "V");
        assertThat(second).isSameAs(first);
        assertThat(Constraints.regex("[a-z]+").compile(cl100k, "W")).isNotSameAs(first);
        assertThat(Constraints.regex("[a-y]+").compile(cl100k, "V").describe()).isEqualTo("REGEX(V, \"[a-y]+\")");
    }

    @Test
    void anyIsDroppedFromConjunctions() {
        assertThat(Constraints.and(Constraints.any(), Constraints.integer()).describe("N")).isEqualTo("INT(N)");
        assertThat(Constraints.and(Constraints.any(), Constraints.any()).compile(cl100k).isUnconstrained()).isTrue();
    }

    @Test
    void describeReadsLikeLmql() {
        Constraint c = Constraints.and(Constraints.integer(), Constraints.tokenLength(0, 5),
                Constraints.or(Constraints.startsWith("1"), Constraints.notContains("9")));
        assertThat(c.describe("N")).isEqualTo(
                "INT(N) and len(TOKENS(N)) <= 5 and (N.startswith(\"1\") or not \"9\" in N)");
    }

    private int single(String text) {
        int[] ids = cl100k.encode(text);
        assertThat(ids).as("'%s' is one token", text).hasSize(1);
        return ids[0];
    }
}
