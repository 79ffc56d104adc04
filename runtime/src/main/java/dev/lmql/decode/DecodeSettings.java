package dev.lmql.decode;

import dev.lmql.backend.SamplingParams;

/**
 * How to decode a query or a generate call: the decoder and its arguments, with LMQL's names and defaults.
 *
 * @param decoder     which search to run
 * @param n           number of results (samples, beams, or k of best_k)
 * @param temperature sampling temperature (sample only; 1.0 by default)
 * @param topP        nucleus mass, or null
 * @param topK        keep only the k most likely tokens, or null
 * @param seed        random seed for sampling, or null (fresh draws; the certificate records the one used)
 * @param maxLen      most tokens of prompt plus generated text, or null
 * @param maxTokens   most generated tokens per hole, or null (until EOS)
 * @param chunksize   tokens per backend request (HTTP backends), or null
 */
public record DecodeSettings(Kind decoder, int n, double temperature, Double topP, Integer topK, Long seed,
        Integer maxLen, Integer maxTokens, Integer chunksize) {

    /** The decoders of DESIGN.md. */
    public enum Kind {
        ARGMAX("argmax"), SAMPLE("sample"), BEAM("beam"), BEST_K("best_k");

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
            throw new IllegalArgumentException("unknown decoder \"" + name + "\": use argmax, sample, beam or best_k");
        }
    }

    /** Greedy decoding, one result. */
    public static final DecodeSettings ARGMAX = new DecodeSettings(Kind.ARGMAX, 1, 0.0, null, null, null, null, null,
            null);

    public DecodeSettings {
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
        return new DecodeSettings(decoder, n, temperature, topP, topK, seed, maxLen, limit, chunksize);
    }

    /** The same settings with another seed. */
    public DecodeSettings withSeed(Long newSeed) {
        return new DecodeSettings(decoder, n, temperature, topP, topK, newSeed, maxLen, maxTokens, chunksize);
    }

    /** Whether the decoder returns a list (n results) rather than one value. */
    public boolean returnsSeveral() {
        return n > 1 || decoder == Kind.BEAM || decoder == Kind.BEST_K;
    }

    /** The backend sampling parameters for {@code count} sequences of a sample or argmax step. */
    SamplingParams sampling(int count, Long stepSeed) {
        if (decoder == Kind.SAMPLE) {
            return new SamplingParams(temperature, topP, topK, stepSeed, count);
        }
        return new SamplingParams(0.0, null, null, null, count);
    }

    /** LMQL's clause form, e.g. {@code sample(n=2, temperature=0.7)}. */
    public String toClause() {
        StringBuilder b = new StringBuilder(decoder.keyword());
        java.util.List<String> args = new java.util.ArrayList<>();
        if (decoder == Kind.SAMPLE || decoder == Kind.BEAM) {
            if (n != 1 || decoder == Kind.BEAM) {
                args.add("n=" + n);
            }
        }
        if (decoder == Kind.BEST_K) {
            args.add("k=" + n);
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
