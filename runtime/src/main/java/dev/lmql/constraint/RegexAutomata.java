package dev.lmql.constraint;

import dev.lmql.lang.RegexNode;
import java.util.List;

/** Thompson's construction: a parsed regex as byte-level NFA states (code points become UTF-8 byte paths). */
final class RegexAutomata {
    private RegexAutomata() {
    }

    /** Adds the automaton of a parsed regex between {@code from} and {@code to}. */
    static void build(RegexNode node, ByteNfa nfa, int from, int to) {
        if (node instanceof RegexNode.Chars chars) {
            nfa.codePoints(from, chars.set(), to);
        } else if (node instanceof RegexNode.Concat concat) {
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
        } else if (node instanceof RegexNode.Alt alt) {
            for (RegexNode option : alt.options()) {
                int s = nfa.newState();
                nfa.epsilon(from, s);
                build(option, nfa, s, to);
            }
        } else {
            RegexNode.Repeat repeat = (RegexNode.Repeat) node;
            int at = from;
            for (int i = 0; i < repeat.min(); i++) {
                int next = nfa.newState();
                build(repeat.node(), nfa, at, next);
                at = next;
            }
            if (repeat.max() == RegexNode.UNBOUNDED) {
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
