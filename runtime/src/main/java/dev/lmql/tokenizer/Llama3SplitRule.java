package dev.lmql.tokenizer;

import java.util.List;

/**
 * The LLaMA-3 / Qwen2 pre-tokenizer regex
 * {@code (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,k}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+},
 * hand-written as in llama.cpp ({@code unicode_regex_split_custom_llama3}); {@code k} is 3 for LLaMA-3 and 1 for Qwen2.
 */
final class Llama3SplitRule implements SplitRule {
    private final int maxDigits;

    Llama3SplitRule(int maxDigits) {
        this.maxDigits = maxDigits;
    }

    @Override
    public void split(int[] cpts, int start, int end, List<Integer> lengths) {
        Gpt2SplitRule.Cursor c = new Gpt2SplitRule.Cursor(cpts, start, end, lengths);
        int pos = start;
        while (pos < end) {
            int cpt = cpts[pos];
            if (cpt == '\'' && pos + 1 < end) {
                int next = Character.toLowerCase(cpts[pos + 1]);
                if (next == 's' || next == 't' || next == 'm' || next == 'd') {
                    pos = c.emit(pos + 2);
                    continue;
                }
                if (pos + 2 < end) {
                    int next2 = Character.toLowerCase(cpts[pos + 2]);
                    if ((next == 'r' && next2 == 'e') || (next == 'v' && next2 == 'e') || (next == 'l' && next2 == 'l')) {
                        pos = c.emit(pos + 3);
                        continue;
                    }
                }
            }
            // [^\r\n\p{L}\p{N}]?\p{L}+
            if (!(cpt == '\r' || cpt == '\n' || c.isNumber(pos)) && (c.isLetter(pos) || c.isLetter(pos + 1))) {
                pos++;
                while (c.isLetter(pos)) {
                    pos++;
                }
                c.emit(pos);
                continue;
            }
            // \p{N}{1,k}
            if (c.isNumber(pos)) {
                int groupStart = pos;
                while (c.isNumber(pos)) {
                    pos++;
                    if (pos - groupStart >= maxDigits) {
                        c.emit(pos);
                        groupStart = pos;
                    }
                }
                c.emit(pos);
                continue;
            }
            // ' ?[^\s\p{L}\p{N}]+[\r\n]*'
            int first = cpt == ' ' ? pos + 1 : pos;
            if (c.isOther(first)) {
                pos = first;
                while (c.isOther(pos)) {
                    pos++;
                }
                while (c.cpt(pos) == '\r' || c.cpt(pos) == '\n') {
                    pos++;
                }
                c.emit(pos);
                continue;
            }
            int spaces = 0;
            int lastNewlineEnd = 0;
            while (c.isWhitespace(pos + spaces)) {
                int w = cpts[pos + spaces];
                if (w == '\r' || w == '\n') {
                    lastNewlineEnd = pos + spaces + 1;
                }
                spaces++;
            }
            if (lastNewlineEnd > 0) { // \s*[\r\n]+
                pos = c.emit(lastNewlineEnd);
                continue;
            }
            if (spaces > 1 && pos + spaces < end) { // \s+(?!\S)
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
}
