package dev.lmql.constraint;

import java.util.List;

/** The parsed form of a regular expression over code points. */
sealed interface RegexNode permits RegexNode.Chars, RegexNode.Concat, RegexNode.Alt, RegexNode.Repeat {
    /** Unbounded repetition. */
    int UNBOUNDED = -1;

    /** One code point out of a set. */
    record Chars(CodePointSet set) implements RegexNode {
    }

    record Concat(List<RegexNode> parts) implements RegexNode {
    }

    record Alt(List<RegexNode> options) implements RegexNode {
    }

    /** {@code node{min,max}}; max is {@link #UNBOUNDED} for {@code *}, {@code +} and {@code {n,}}. */
    record Repeat(RegexNode node, int min, int max) implements RegexNode {
    }

    /** Adds the node's automaton between {@code from} and {@code to}. */
    static void build(RegexNode node, ByteNfa nfa, int from, int to) {
        if (node instanceof Chars chars) {
            nfa.codePoints(from, chars.set(), to);
        } else if (node instanceof Concat concat) {
            int at = from;
            List<RegexNode> parts = concat.parts();
            if (parts.isEmpty()) {
                nfa.epsilon(from, to);
                return;
            }
            for (int i = 0; i < parts.size(); i++) {
                int next = i + 1 == parts.size() ? to : nfa.newState();
                build(parts.get(i), nfa, at, next);
                at = next;
            }
        } else if (node instanceof Alt alt) {
            for (RegexNode option : alt.options()) {
                int s = nfa.newState();
                nfa.epsilon(from, s);
                build(option, nfa, s, to);
            }
        } else {
            Repeat repeat = (Repeat) node;
            int at = from;
            for (int i = 0; i < repeat.min(); i++) {
                int next = nfa.newState();
                build(repeat.node(), nfa, at, next);
                at = next;
            }
            if (repeat.max() == UNBOUNDED) {
                int loop = nfa.newState();
                nfa.epsilon(at, loop);
                int body = nfa.newState();
                build(repeat.node(), nfa, loop, body);
                nfa.epsilon(body, loop);
                nfa.epsilon(loop, to);
            } else {
                for (int i = repeat.min(); i < repeat.max(); i++) {
                    nfa.epsilon(at, to);
                    int next = nfa.newState();
                    build(repeat.node(), nfa, at, next);
                    at = next;
                }
                nfa.epsilon(at, to);
            }
        }
    }
}
