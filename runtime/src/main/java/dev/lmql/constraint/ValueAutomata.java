package dev.lmql.constraint;

import dev.lmql.lang.CodePointSet;
import dev.lmql.lang.RegexNode;
import dev.lmql.lang.RegexSyntax;
import java.nio.charset.StandardCharsets;

/** Builds the byte automaton of the regular part of a constraint (everything but stops and token counts). */
final class ValueAutomata {
    private static final ByteDfa ANY_BYTES = anyBytes();
    private static final ByteDfa VALID_UTF8 = fromRegexNode(
            new RegexNode.Repeat(new RegexNode.Chars(CodePointSet.ALL), 0, RegexNode.UNBOUNDED));

    private ValueAutomata() {
    }

    static ByteDfa anyBytesDfa() {
        return ANY_BYTES;
    }

    static ByteDfa of(Constraint c) {
        if (c instanceof Terms.Any) {
            return ANY_BYTES;
        }
        if (c instanceof Terms.Choice choice) {
            ByteNfa nfa = new ByteNfa();
            int start = nfa.newState();
            int accept = nfa.newState();
            for (String option : choice.options()) {
                nfa.bytes(start, option.getBytes(StandardCharsets.UTF_8), accept);
            }
            return ByteDfa.determinize(nfa, start, accept).minimize();
        }
        if (c instanceof Terms.Regex regex) {
            return fromRegexNode(regex.node());
        }
        if (c instanceof Terms.IntValue) {
            return fromRegexNode(RegexSyntax.parse(Terms.IntValue.PATTERN));
        }
        if (c instanceof Terms.FloatValue) {
            return fromRegexNode(RegexSyntax.parse(Terms.FloatValue.PATTERN));
        }
        if (c instanceof Terms.StartsWith startsWith) {
            ByteNfa nfa = new ByteNfa();
            int start = nfa.newState();
            int middle = nfa.newState();
            int accept = nfa.newState();
            nfa.bytes(start, startsWith.prefix().getBytes(StandardCharsets.UTF_8), middle);
            ANY_BYTES.embed(nfa, middle, accept);
            return ByteDfa.determinize(nfa, start, accept).minimize();
        }
        if (c instanceof Terms.Contains contains) {
            ByteNfa nfa = new ByteNfa();
            int start = nfa.newState();
            int before = nfa.newState();
            int after = nfa.newState();
            int accept = nfa.newState();
            ANY_BYTES.embed(nfa, start, before);
            nfa.bytes(before, contains.text().getBytes(StandardCharsets.UTF_8), after);
            ANY_BYTES.embed(nfa, after, accept);
            return ByteDfa.determinize(nfa, start, accept).minimize();
        }
        if (c instanceof Terms.CharLength length) {
            if (length.min() == 0 && length.max() == Terms.UNBOUNDED) {
                return VALID_UTF8;
            }
            int max = length.max() == Terms.UNBOUNDED ? RegexNode.UNBOUNDED : length.max();
            if (length.min() > RegexSyntax.MAX_REPEAT || max > RegexSyntax.MAX_REPEAT) {
                throw new IllegalArgumentException(c.describe("X") + " is above the supported length of "
                        + RegexSyntax.MAX_REPEAT + " characters");
            }
            return fromRegexNode(new RegexNode.Repeat(new RegexNode.Chars(CodePointSet.ALL), length.min(), max));
        }
        if (c instanceof Terms.WordCount words) {
            return wordCount(words.min(), words.max());
        }
        if (c instanceof Terms.And and) {
            ByteDfa result = null;
            for (Constraint part : and.parts()) {
                ByteDfa d = of(part);
                result = result == null ? d : ByteDfa.product(result, d, (a, b) -> a && b).minimize();
            }
            return result;
        }
        if (c instanceof Terms.Or or) {
            ByteDfa result = null;
            for (Constraint part : or.parts()) {
                ByteDfa d = of(part);
                result = result == null ? d : ByteDfa.product(result, d, (a, b) -> a || b).minimize();
            }
            return result;
        }
        if (c instanceof Terms.Not not) {
            return ByteDfa.product(VALID_UTF8, of(not.inner()), (a, b) -> a && !b).minimize();
        }
        if (c instanceof Terms.TokenLength || c instanceof Terms.Stop) {
            throw new IllegalArgumentException(c.describe("X") + " cannot be combined under 'or' or 'not'; "
                    + "use it only as a top-level 'and' part of the where clause");
        }
        throw new IllegalArgumentException("unknown constraint " + c);
    }

    static ByteDfa fromRegexNode(RegexNode node) {
        ByteNfa nfa = new ByteNfa();
        int start = nfa.newState();
        int accept = nfa.newState();
        RegexAutomata.build(node, nfa, start, accept);
        return ByteDfa.determinize(nfa, start, accept).minimize();
    }

    /** The value followed by a literal phrase: what a value with its STOPS_BEFORE phrase still attached looks like. */
    static ByteDfa followedBy(ByteDfa value, byte[] phrase) {
        ByteNfa nfa = new ByteNfa();
        int start = nfa.newState();
        int middle = nfa.newState();
        int accept = nfa.newState();
        value.embed(nfa, start, middle);
        nfa.bytes(middle, phrase, accept);
        return ByteDfa.determinize(nfa, start, accept);
    }

    /** Any bytes, then the phrase: accepting exactly when the phrase has just been read. */
    static ByteDfa endsWith(byte[] phrase) {
        ByteNfa nfa = new ByteNfa();
        int start = nfa.newState();
        int middle = nfa.newState();
        int accept = nfa.newState();
        ANY_BYTES.embed(nfa, start, middle);
        nfa.bytes(middle, phrase, accept);
        return ByteDfa.determinize(nfa, start, accept);
    }

    private static ByteDfa anyBytes() {
        return new ByteDfa(new int[256], new boolean[] {true}, 0);
    }

    /**
     * Words are maximal runs of non-whitespace bytes (whitespace = ASCII {@code \s}). State = (words so far,
     * inside a word); without an upper bound the count saturates at the minimum.
     */
    private static ByteDfa wordCount(int min, int max) {
        boolean bounded = max != Terms.UNBOUNDED;
        int top = bounded ? max : min;
        if (top > RegexSyntax.MAX_REPEAT) {
            throw new IllegalArgumentException("word counts above " + RegexSyntax.MAX_REPEAT + " are not supported");
        }
        int states = (top + 1) * 2;
        int[] table = new int[states << 8];
        boolean[] accepting = new boolean[states];
        for (int count = 0; count <= top; count++) {
            for (int inWord = 0; inWord < 2; inWord++) {
                int s = count * 2 + inWord;
                accepting[s] = count >= min;
                for (int b = 0; b < 256; b++) {
                    int target;
                    if (isSpace(b)) {
                        target = count * 2;
                    } else if (inWord == 1) {
                        target = s;
                    } else if (count + 1 <= top) {
                        target = (count + 1) * 2 + 1;
                    } else {
                        target = bounded ? ByteDfa.DEAD : count * 2 + 1;
                    }
                    table[(s << 8) | b] = target;
                }
            }
        }
        return new ByteDfa(table, accepting, 0).trim().minimize();
    }

    static boolean isSpace(int b) {
        return b == ' ' || (b >= '\t' && b <= '\r');
    }
}
