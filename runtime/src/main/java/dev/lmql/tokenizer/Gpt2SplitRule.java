package dev.lmql.tokenizer;

import java.util.List;

/**
 * GPT-2's pre-tokenizer regex {@code 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+},
 * hand-written as in llama.cpp ({@code unicode_regex_split_custom_gpt2}) so the lookahead behaves exactly.
 */
final class Gpt2SplitRule implements SplitRule {
    @Override
    public void split(int[] cpts, int start, int end, List<Integer> lengths) {
        Cursor c = new Cursor(cpts, start, end, lengths);
        int pos = start;
        while (pos < end) {
            int cpt = cpts[pos];
            if (cpt == '\'' && pos + 1 < end) {
                int next = cpts[pos + 1];
                if (next == 's' || next == 't' || next == 'm' || next == 'd') {
                    pos = c.emit(pos + 2);
                    continue;
                }
                if (pos + 2 < end) {
                    int next2 = cpts[pos + 2];
                    if ((next == 'r' && next2 == 'e') || (next == 'v' && next2 == 'e') || (next == 'l' && next2 == 'l')) {
                        pos = c.emit(pos + 3);
                        continue;
                    }
                }
            }
            int first = cpt == ' ' ? pos + 1 : pos; // the optional leading space
            if (c.isLetter(first)) {
                pos = first;
                while (c.isLetter(pos)) {
                    pos++;
                }
                c.emit(pos);
                continue;
            }
            if (c.isNumber(first)) {
                pos = first;
                while (c.isNumber(pos)) {
                    pos++;
                }
                c.emit(pos);
                continue;
            }
            if (c.isOther(first)) {
                pos = first;
                while (c.isOther(pos)) {
                    pos++;
                }
                c.emit(pos);
                continue;
            }
            int spaces = 0;
            while (c.isWhitespace(pos + spaces)) {
                spaces++;
            }
            if (spaces > 1 && pos + spaces < end) { // \s+(?!\S): leave the last space to the next word
                pos = c.emit(pos + spaces - 1);
                continue;
            }
            if (spaces > 0) {
                pos = c.emit(pos + spaces);
                continue;
            }
            pos = c.emit(pos + 1);
        }
    }

    /** Position-checked class tests over one fragment, and the piece emitter. */
    static final class Cursor {
        private final int[] cpts;
        private final int start;
        private final int end;
        private final List<Integer> lengths;
        private int prevEnd;

        Cursor(int[] cpts, int start, int end, List<Integer> lengths) {
            this.cpts = cpts;
            this.start = start;
            this.end = end;
            this.lengths = lengths;
            this.prevEnd = start;
        }

        boolean inRange(int pos) {
            return pos >= start && pos < end;
        }

        int cpt(int pos) {
            return inRange(pos) ? cpts[pos] : -1;
        }

        boolean isLetter(int pos) {
            return inRange(pos) && UnicodeClasses.isLetter(cpts[pos]);
        }

        boolean isNumber(int pos) {
            return inRange(pos) && UnicodeClasses.isNumber(cpts[pos]);
        }

        boolean isWhitespace(int pos) {
            return inRange(pos) && UnicodeClasses.isWhitespace(cpts[pos]);
        }

        /** {@code [^\s\p{L}\p{N}]} at an in-range position. */
        boolean isOther(int pos) {
            return inRange(pos) && !UnicodeClasses.isWhitespace(cpts[pos]) && !UnicodeClasses.isLetter(cpts[pos])
                    && !UnicodeClasses.isNumber(cpts[pos]);
        }

        /** Ends the current piece at {@code pieceEnd}; returns {@code pieceEnd}. */
        int emit(int pieceEnd) {
            int len = pieceEnd - prevEnd;
            if (len > 0) {
                lengths.add(len);
            }
            prevEnd = pieceEnd;
            return pieceEnd;
        }
    }
}
