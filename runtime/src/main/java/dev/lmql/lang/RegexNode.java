package dev.lmql.lang;

import java.util.List;

/**
 * The parsed form of a regular expression over code points (from {@link RegexSyntax#parse}): what a {@code REGEX}
 * constraint or a regex hole {@code [X: r"..."]} matches. The constraint compiler turns it into an automaton.
 */
public sealed interface RegexNode permits RegexNode.Chars, RegexNode.Concat, RegexNode.Alt, RegexNode.Repeat {
    /** Unbounded repetition. */
    int UNBOUNDED = -1;

    /** One code point out of a set. */
    record Chars(CodePointSet set) implements RegexNode {
    }

    /** The parts in sequence. */
    record Concat(List<RegexNode> parts) implements RegexNode {
    }

    /** Any one of the options. */
    record Alt(List<RegexNode> options) implements RegexNode {
    }

    /** {@code node{min,max}}; max is {@link #UNBOUNDED} for {@code *}, {@code +} and {@code {n,}}. */
    record Repeat(RegexNode node, int min, int max) implements RegexNode {
    }
}
