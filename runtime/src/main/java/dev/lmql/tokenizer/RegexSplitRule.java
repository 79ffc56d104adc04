package dev.lmql.tokenizer;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A pre-tokenizer pass from a regex: every match becomes a piece and so does every gap between matches, as in
 * llama.cpp's {@code unicode_regex_split_stl}. {@code \s} means Unicode white space, as in llama.cpp.
 */
final class RegexSplitRule implements SplitRule {
    private final Pattern pattern;

    RegexSplitRule(String regex) {
        this.pattern = Pattern.compile(regex, Pattern.UNICODE_CHARACTER_CLASS);
    }

    @Override
    public void split(int[] cpts, int start, int end, List<Integer> lengths) {
        String fragment = new String(cpts, start, end - start);
        Matcher m = pattern.matcher(fragment);
        int prev = 0; // in chars
        int prevCp = 0; // in code points
        while (m.find()) {
            if (m.end() == m.start()) {
                continue; // an empty match splits nothing
            }
            int gapCp = fragment.codePointCount(prev, m.start());
            if (gapCp > 0) {
                lengths.add(gapCp);
            }
            int matchCp = fragment.codePointCount(m.start(), m.end());
            lengths.add(matchCp);
            prevCp += gapCp + matchCp;
            prev = m.end();
        }
        int total = end - start;
        if (prevCp < total) {
            lengths.add(total - prevCp);
        }
    }

    @Override
    public String toString() {
        return pattern.pattern();
    }
}
