package dev.lmql.lang;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The decoding algorithms a decoder clause can name, with the arguments each accepts. */
public enum Decoder {
    /** {@code argmax}: greedy decoding. */
    ARGMAX("argmax", EnumSet.noneOf(DecoderParameter.class)),
    /** {@code sample(n=, temperature=, top_p=, top_k=, seed=)}: independent samples. */
    SAMPLE("sample", EnumSet.of(DecoderParameter.N, DecoderParameter.TEMPERATURE, DecoderParameter.TOP_P,
            DecoderParameter.TOP_K, DecoderParameter.SEED)),
    /** {@code beam(n=)}: beam search keeping {@code n} beams. */
    BEAM("beam", EnumSet.of(DecoderParameter.N)),
    /** {@code best_k(k=)}: best-first search returning the {@code k} best sequences. */
    BEST_K("best_k", EnumSet.of(DecoderParameter.K));

    private final String keyword;
    private final Set<DecoderParameter> parameters;

    Decoder(String keyword, Set<DecoderParameter> own) {
        this.keyword = keyword;
        EnumSet<DecoderParameter> all = EnumSet.noneOf(DecoderParameter.class);
        all.addAll(own);
        all.add(DecoderParameter.MAX_LEN);
        all.add(DecoderParameter.MAX_TOKENS);
        all.add(DecoderParameter.CHUNKSIZE);
        this.parameters = java.util.Collections.unmodifiableSet(all);
    }

    /** The name as written in the clause, e.g. {@code best_k}. */
    public String keyword() {
        return keyword;
    }

    /** The arguments this decoder accepts, including the shared {@code max_len}, {@code max_tokens}, {@code chunksize}. */
    public Set<DecoderParameter> parameters() {
        return parameters;
    }

    /** The decoder for a keyword. */
    public static Optional<Decoder> forKeyword(String keyword) {
        for (Decoder decoder : values()) {
            if (decoder.keyword.equals(keyword)) {
                return Optional.of(decoder);
            }
        }
        return Optional.empty();
    }

    /** All keywords in declaration order. */
    public static List<String> keywords() {
        List<String> keywords = new ArrayList<>();
        for (Decoder decoder : values()) {
            keywords.add(decoder.keyword);
        }
        return keywords;
    }
}
