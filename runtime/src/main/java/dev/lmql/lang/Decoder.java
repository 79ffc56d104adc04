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
    BEST_K("best_k", EnumSet.of(DecoderParameter.K)),
    /** {@code beam_sample(n=4, temperature=1.0, seed=)}: beam search whose beams grow by sampled tokens. */
    BEAM_SAMPLE("beam_sample", EnumSet.of(DecoderParameter.N, DecoderParameter.TEMPERATURE, DecoderParameter.SEED)),
    /**
     * {@code beam_var(n=4, alpha=0.7, inject_stop=False, prune=None, return_first=False)}: one token-level beam over
     * the whole query, hypotheses grouped by how many holes they have completed, ranked with a length penalty.
     */
    BEAM_VAR("beam_var", EnumSet.of(DecoderParameter.N, DecoderParameter.ALPHA, DecoderParameter.INJECT_STOP,
            DecoderParameter.PRUNE, DecoderParameter.RETURN_FIRST)),
    /**
     * {@code var(b=2, n=None, subdecoder="sample", temperature=1.0, return_first=False, seed=)}: variable-level beam
     * search: each hole gets {@code b} candidates from the sub-decoder, the best {@code n} hypotheses are kept.
     */
    VAR("var", EnumSet.of(DecoderParameter.B, DecoderParameter.N, DecoderParameter.SUBDECODER,
            DecoderParameter.TEMPERATURE, DecoderParameter.RETURN_FIRST, DecoderParameter.SEED)),
    /** {@code bsseq(b=2)}: {@code var} with the {@code beam_seq} sub-decoder. */
    BSSEQ("bsseq", EnumSet.of(DecoderParameter.B));

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

    /** Whether {@code parameter=None} is accepted, meaning the default (where LMQL's default is {@code None}). */
    public boolean acceptsNone(DecoderParameter parameter) {
        return parameter == DecoderParameter.PRUNE && this == BEAM_VAR
                || parameter == DecoderParameter.N && this == VAR;
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

    /** The keywords as an English list: {@code argmax, sample, ... or bsseq}. */
    public static String keywordList() {
        List<String> k = keywords();
        return String.join(", ", k.subList(0, k.size() - 1)) + " or " + k.get(k.size() - 1);
    }
}
