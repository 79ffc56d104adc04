package dev.lmql.decode;

import dev.lmql.backend.SamplingParams;

/**
 * How to decode a query or a generate call: the decoder and its arguments, with LMQL's names and defaults.
 *
 * @param decoder     which search to run
 * @param n           number of results (samples, beams, k of best_k, hypotheses kept by var and beam_var)
 * @param temperature sampling temperature (sample only; 1.0 by default)
 * @param topP        nucleus mass, or null
 * @param topK        keep only the k most likely tokens, or null
 * @param seed        random seed for sampling, or null (fresh draws; the certificate records the one used)
 * @param maxLen      most tokens of prompt plus generated text, or null
 * @param maxTokens   most generated tokens per hole, or null (until EOS)
 * @param chunksize   tokens per backend request (HTTP backends), or null
 * @param search      the arguments of beam_var, var and bsseq ({@link Search#DEFAULTS} for other decoders)
 */
public record DecodeSettings(Kind decoder, int n, double temperature, Double topP, Integer topK, Long seed,
        Integer maxLen, Integer maxTokens, Integer chunksize, Search search) {

    /** The decoders of DESIGN.md and LMQL's further searches. */
    public enum Kind {
        ARGMAX("argmax"), SAMPLE("sample"), BEAM("beam"), BEST_K("best_k"), BEAM_SAMPLE("beam_sample"),
        BEAM_VAR("beam_var"), VAR("var"), BSSEQ("bsseq");

        private final String keyword;

        Kind(String keyword) {
            this.keyword = keyword;
        }

        public String keyword() {
            return keyword;
        }

        /** The decoder for a name such as {@code sample}; {@code beam_search} is accepted for {@code beam}. */
        public static Kind forName(String name) {
            for (Kind k : values()) {
                if (k.keyword.equals(name)) {
                    return k;
                }
            }
            if ("beam_search".equals(name)) {
                return BEAM;
            }
            throw new IllegalArgumentException("unknown decoder \"" + name + "\": use argmax, sample, beam, best_k, "
                    + "beam_sample, beam_var, var or bsseq");
        }

        /** Whether the decoder searches over the model's token distribution (needs a logits model). */
        boolean searchesTokens() {
            return this == BEAM || this == BEST_K || this == BEAM_SAMPLE || this == BEAM_VAR;
        }
    }

    /** How {@code var} decodes each hole into its {@code b} candidates. */
    public enum Subdecoder {
        /** {@code b} independent samples at the decoder's temperature (works on every backend). */
        SAMPLE("sample"),
        /** Beam search of width {@code b} ranked by summed log-probability. */
        BEAM("beam"),
        /** Beam search of width {@code b} ranked by length-normalised score (sum / length^0.7), as LMQL's beam_seq. */
        BEAM_SEQ("beam_seq");

        private final String keyword;

        Subdecoder(String keyword) {
            this.keyword = keyword;
        }

        public String keyword() {
            return keyword;
        }

        /** The sub-decoder for {@code sample}, {@code beam} or {@code beam_seq}. */
        public static Subdecoder forName(String name) {
            for (Subdecoder s : values()) {
                if (s.keyword.equals(name)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown subdecoder \"" + name + "\": use sample, beam or beam_seq");
        }
    }

    /**
     * The arguments of the variable-level searches.
     *
     * @param width       {@code b}: candidates per hole and hypothesis (var, bsseq)
     * @param subdecoder  how var decodes a hole
     * @param alpha       beam_var's length penalty: hypotheses rank by sum of log-probabilities / tokens^alpha
     * @param injectStop  beam_var also tries each hole's stop phrases as continuations
     * @param prune       beam_var drops hypotheses scoring at most prune × the best finished one's sum, or null
     * @param returnFirst stop as soon as hypotheses finish
     */
    public record Search(int width, Subdecoder subdecoder, double alpha, boolean injectStop, Double prune,
            boolean returnFirst) {
        /** LMQL's defaults: b=2, subdecoder sample, alpha 0.7, no stop injection, no pruning, all results. */
        public static final Search DEFAULTS = new Search(2, Subdecoder.SAMPLE, 0.7, false, null, false);

        public Search {
            if (width < 1) {
                throw new IllegalArgumentException("b must be at least 1, got " + width);
            }
            if (subdecoder == null) {
                throw new IllegalArgumentException("subdecoder is required");
            }
            if (!(alpha >= 0) || Double.isInfinite(alpha)) {
                throw new IllegalArgumentException("alpha must be a finite number >= 0, got " + alpha);
            }
            if (prune != null && !(prune >= 1)) {
                throw new IllegalArgumentException("prune must be at least 1, got " + prune);
            }
        }
    }

    /** Greedy decoding, one result. */
    public static final DecodeSettings ARGMAX = new DecodeSettings(Kind.ARGMAX, 1, 0.0, null, null, null, null, null,
            null);

    /** Settings without the arguments of the variable-level searches ({@link Search#DEFAULTS}). */
    public DecodeSettings(Kind decoder, int n, double temperature, Double topP, Integer topK, Long seed,
            Integer maxLen, Integer maxTokens, Integer chunksize) {
        this(decoder, n, temperature, topP, topK, seed, maxLen, maxTokens, chunksize, Search.DEFAULTS);
    }

    public DecodeSettings {
        if (search == null) {
            search = Search.DEFAULTS;
        }
        if (decoder == null) {
            throw new IllegalArgumentException("decoder is required");
        }
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1, got " + n);
        }
        if (temperature < 0) {
            throw new IllegalArgumentException("temperature must be >= 0, got " + temperature);
        }
        if (topP != null && (topP <= 0 || topP > 1)) {
            throw new IllegalArgumentException("top_p must be greater than 0 and at most 1, got " + topP);
        }
        if (topK != null && topK < 1) {
            throw new IllegalArgumentException("top_k must be at least 1, got " + topK);
        }
        if (maxLen != null && maxLen < 1) {
            throw new IllegalArgumentException("max_len must be at least 1, got " + maxLen);
        }
        if (maxTokens != null && maxTokens < 0) {
            throw new IllegalArgumentException("max_tokens must be at least 0, got " + maxTokens);
        }
        if (decoder == Kind.ARGMAX && n != 1) {
            throw new IllegalArgumentException("argmax returns one result; use sample(n=" + n + ") or beam(n=" + n
                    + ") for several");
        }
    }

    /** The same settings with another per-hole token limit. */
    public DecodeSettings withMaxTokens(Integer limit) {
        return new DecodeSettings(decoder, n, temperature, topP, topK, seed, maxLen, limit, chunksize, search);
    }

    /** The same settings with another seed. */
    public DecodeSettings withSeed(Long newSeed) {
        return new DecodeSettings(decoder, n, temperature, topP, topK, newSeed, maxLen, maxTokens, chunksize, search);
    }

    /** Whether the decoder returns a list (n results) rather than one value. */
    public boolean returnsSeveral() {
        return n > 1 || decoder != Kind.ARGMAX && decoder != Kind.SAMPLE;
    }

    /** The backend sampling parameters for {@code count} sequences of a sample or argmax step. */
    SamplingParams sampling(int count, Long stepSeed) {
        if (decoder == Kind.SAMPLE || decoder == Kind.VAR || decoder == Kind.BSSEQ) {
            return new SamplingParams(temperature, topP, topK, stepSeed, count);
        }
        return new SamplingParams(0.0, null, null, null, count);
    }

    /** LMQL's clause form, e.g. {@code sample(n=2, temperature=0.7)}. */
    public String toClause() {
        StringBuilder b = new StringBuilder(decoder.keyword());
        java.util.List<String> args = new java.util.ArrayList<>();
        if (decoder == Kind.VAR || decoder == Kind.BSSEQ) {
            args.add("b=" + search.width());
        }
        if (decoder == Kind.SAMPLE || decoder == Kind.BEAM || decoder == Kind.BEAM_SAMPLE || decoder == Kind.BEAM_VAR
                || decoder == Kind.VAR) {
            if (n != 1 || decoder != Kind.SAMPLE) {
                args.add("n=" + n);
            }
        }
        if (decoder == Kind.BEST_K) {
            args.add("k=" + n);
        }
        if (decoder == Kind.VAR) {
            args.add("subdecoder=\"" + search.subdecoder().keyword() + "\"");
        }
        if (decoder == Kind.BEAM_VAR) {
            args.add("alpha=" + search.alpha());
            if (search.injectStop()) {
                args.add("inject_stop=True");
            }
            if (search.prune() != null) {
                args.add("prune=" + search.prune());
            }
        }
        if ((decoder == Kind.BEAM_VAR || decoder == Kind.VAR) && search.returnFirst()) {
            args.add("return_first=True");
        }
        if (decoder == Kind.BEAM_SAMPLE || decoder == Kind.VAR) {
            args.add("temperature=" + temperature);
            if (seed != null) {
                args.add("seed=" + seed);
            }
        }
        if (decoder == Kind.SAMPLE) {
            args.add("temperature=" + temperature);
            if (topP != null) {
                args.add("top_p=" + topP);
            }
            if (topK != null) {
                args.add("top_k=" + topK);
            }
            if (seed != null) {
                args.add("seed=" + seed);
            }
        }
        if (maxLen != null) {
            args.add("max_len=" + maxLen);
        }
        if (maxTokens != null) {
            args.add("max_tokens=" + maxTokens);
        }
        if (chunksize != null) {
            args.add("chunksize=" + chunksize);
        }
        if (!args.isEmpty()) {
            b.append('(').append(String.join(", ", args)).append(')');
        }
        return b.toString();
    }
}
