package dev.lmql.tokenizer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Cuts text at occurrences of special tokens before the tokenizer proper runs, as llama.cpp's
 * {@code tokenizer_st_partition}: user-defined tokens are always matched; control and unknown tokens only when
 * special tokens are parsed. Longer tokens are matched first.
 */
final class SpecialTokenPartitioner {
    /** A piece of input: raw text ({@code token < 0}) or a matched special token. */
    record Fragment(String text, int token) {
        boolean isText() {
            return token < 0;
        }
    }

    private final List<Integer> alwaysMatched;
    private final List<Integer> matchedWhenParsing;
    private final List<String> tokens;

    SpecialTokenPartitioner(GgufVocabulary vocab) {
        this.tokens = vocab.tokens();
        List<Integer> special = new ArrayList<>();
        for (int id = 0; id < vocab.size(); id++) {
            int type = vocab.tokenType(id);
            boolean candidate = type == GgufVocabulary.TYPE_CONTROL || type == GgufVocabulary.TYPE_USER_DEFINED
                    || type == GgufVocabulary.TYPE_UNKNOWN;
            if (candidate && !tokens.get(id).isEmpty()) {
                special.add(id);
            }
        }
        special.sort(Comparator.comparingInt((Integer id) -> -utf8Length(tokens.get(id))).thenComparingInt(id -> id));
        List<Integer> always = new ArrayList<>();
        for (int id : special) {
            if (vocab.tokenType(id) == GgufVocabulary.TYPE_USER_DEFINED) {
                always.add(id);
            }
        }
        this.alwaysMatched = List.copyOf(always);
        this.matchedWhenParsing = List.copyOf(special);
    }

    List<Fragment> partition(String text, boolean parseSpecial) {
        List<Fragment> fragments = new ArrayList<>();
        if (text.isEmpty()) {
            return fragments;
        }
        fragments.add(new Fragment(text, -1));
        for (int id : parseSpecial ? matchedWhenParsing : alwaysMatched) {
            String special = tokens.get(id);
            List<Fragment> next = new ArrayList<>(fragments.size());
            for (Fragment f : fragments) {
                if (!f.isText()) {
                    next.add(f);
                    continue;
                }
                int from = 0;
                int at;
                while ((at = f.text().indexOf(special, from)) >= 0) {
                    if (at > from) {
                        next.add(new Fragment(f.text().substring(from, at), -1));
                    }
                    next.add(new Fragment(special, id));
                    from = at + special.length();
                }
                if (from < f.text().length()) {
                    next.add(new Fragment(f.text().substring(from), -1));
                }
            }
            fragments = next;
        }
        return fragments;
    }

    private static int utf8Length(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }
}
