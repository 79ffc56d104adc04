package dev.lmql;

import dev.lmql.decode.DecodeSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Options of {@code LLM.generate}, with LMQL's names: {@code decoder}, {@code n}, {@code temperature},
 * {@code top_p}, {@code top_k}, {@code seed}, {@code max_len}, {@code chunksize}, {@code certificate} and
 * {@code cache}. Immutable; build with {@link #builder()}.
 */
public final class GenerateOptions {
    private static final GenerateOptions DEFAULTS = builder().build();

    private final String decoder;
    private final Integer n;
    private final Double temperature;
    private final Double topP;
    private final Integer topK;
    private final Long seed;
    private final Integer maxLen;
    private final Integer chunksize;
    private final Object certificate;
    private final Path cache;

    private GenerateOptions(Builder b) {
        this.decoder = b.decoder;
        this.n = b.n;
        this.temperature = b.temperature;
        this.topP = b.topP;
        this.topK = b.topK;
        this.seed = b.seed;
        this.maxLen = b.maxLen;
        this.chunksize = b.chunksize;
        this.certificate = b.certificate;
        this.cache = b.cache;
    }

    /** No options: argmax, no certificate, in-memory cache only. */
    public static GenerateOptions defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Options from LMQL-style keyword arguments ({@code decoder}, {@code n}, {@code temperature}, {@code top_p},
     * {@code top_k}, {@code seed}, {@code max_len}, {@code chunksize}, {@code certificate}, {@code cache}).
     *
     * @throws IllegalArgumentException for an unknown name or a value of the wrong type
     */
    public static GenerateOptions fromMap(Map<String, ?> options) {
        Builder b = builder();
        for (Map.Entry<String, ?> e : options.entrySet()) {
            Object v = e.getValue();
            try {
                switch (e.getKey()) {
                    case "decoder":
                        b.decoder(String.valueOf(v));
                        break;
                    case "n":
                        b.n(((Number) v).intValue());
                        break;
                    case "temperature":
                        b.temperature(((Number) v).doubleValue());
                        break;
                    case "top_p":
                        b.topP(((Number) v).doubleValue());
                        break;
                    case "top_k":
                        b.topK(((Number) v).intValue());
                        break;
                    case "seed":
                        b.seed(((Number) v).longValue());
                        break;
                    case "max_len":
                        b.maxLen(((Number) v).intValue());
                        break;
                    case "chunksize":
                        b.chunksize(((Number) v).intValue());
                        break;
                    case "certificate":
                        b.certificate = v;
                        break;
                    case "cache":
                        b.cache(Path.of(String.valueOf(v)));
                        break;
                    default:
                        throw new IllegalArgumentException("unknown generate option \"" + e.getKey() + "\": use decoder, "
                                + "n, temperature, top_p, top_k, seed, max_len, chunksize, certificate or cache");
                }
            } catch (ClassCastException ex) {
                throw new IllegalArgumentException("option " + e.getKey() + " must be a number, got " + v, ex);
            }
        }
        return b.build();
    }

    public String decoder() {
        return decoder;
    }

    public Integer n() {
        return n;
    }

    public Double temperature() {
        return temperature;
    }

    public Double topP() {
        return topP;
    }

    public Integer topK() {
        return topK;
    }

    public Long seed() {
        return seed;
    }

    public Integer maxLen() {
        return maxLen;
    }

    public Integer chunksize() {
        return chunksize;
    }

    /** {@code true}, a path (String or Path), a {@code Consumer<InferenceCertificate>}, or null for none. */
    public Object certificate() {
        return certificate;
    }

    /** The cache file shared across processes, or null for the in-memory cache only. */
    public Path cache() {
        return cache;
    }

    /**
     * The decoder settings: as LMQL's dynamic decoder, {@code decoder} defaults to argmax, and a temperature other
     * than 0 without a decoder means {@code sample}.
     */
    public DecodeSettings toSettings(Integer maxTokens) {
        DecodeSettings.Kind kind = decoder != null ? DecodeSettings.Kind.forName(decoder)
                : (temperature != null && temperature != 0 ? DecodeSettings.Kind.SAMPLE : DecodeSettings.Kind.ARGMAX);
        int count = n == null ? 1 : n;
        if (kind == DecodeSettings.Kind.ARGMAX && count != 1) {
            throw new IllegalArgumentException("n=" + count + " needs decoder \"sample\" (or beam/best_k); argmax "
                    + "returns one sequence");
        }
        boolean sampled = kind == DecodeSettings.Kind.SAMPLE || kind == DecodeSettings.Kind.BEAM_SAMPLE
                || kind == DecodeSettings.Kind.VAR; // var's default sub-decoder samples
        double t = sampled ? (temperature == null ? 1.0 : temperature) : 0.0;
        return new DecodeSettings(kind, count, t, topP, topK, seed, maxLen, maxTokens, chunksize);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("GenerateOptions(");
        append(b, "decoder", decoder);
        append(b, "n", n);
        append(b, "temperature", temperature);
        append(b, "top_p", topP);
        append(b, "top_k", topK);
        append(b, "seed", seed);
        append(b, "max_len", maxLen);
        append(b, "chunksize", chunksize);
        append(b, "certificate", certificate == null ? null : certificate instanceof Boolean || certificate instanceof String
                || certificate instanceof Path ? certificate : "<callback>");
        append(b, "cache", cache);
        if (b.charAt(b.length() - 1) == ' ') {
            b.setLength(b.length() - 2);
        }
        return b.append(')').toString();
    }

    private static void append(StringBuilder b, String name, Object value) {
        if (value != null) {
            b.append(name).append('=').append(value).append(", ");
        }
    }

    /** Builds {@link GenerateOptions}; every setter validates its value. */
    public static final class Builder {
        private String decoder;
        private Integer n;
        private Double temperature;
        private Double topP;
        private Integer topK;
        private Long seed;
        private Integer maxLen;
        private Integer chunksize;
        private Object certificate;
        private Path cache;

        private Builder() {
        }

        /**
         * {@code argmax}, {@code sample}, {@code beam}, {@code best_k}, {@code beam_sample}, {@code beam_var},
         * {@code var} or {@code bsseq} (their other arguments take LMQL's defaults; {@code n} defaults to 1).
         */
        public Builder decoder(String name) {
            DecodeSettings.Kind.forName(Objects.requireNonNull(name, "decoder"));
            this.decoder = name;
            return this;
        }

        /** Number of sequences (sample, beam, best_k, beam_sample, beam_var, var). */
        public Builder n(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("n must be at least 1, got " + count);
            }
            this.n = count;
            return this;
        }

        public Builder temperature(double t) {
            if (!(t >= 0) || Double.isInfinite(t)) {
                throw new IllegalArgumentException("temperature must be a finite number >= 0, got " + t);
            }
            this.temperature = t;
            return this;
        }

        /** LMQL's {@code top_p}. */
        public Builder topP(double p) {
            if (!(p > 0 && p <= 1)) {
                throw new IllegalArgumentException("top_p must be greater than 0 and at most 1, got " + p);
            }
            this.topP = p;
            return this;
        }

        /** LMQL's {@code top_k}. */
        public Builder topK(int k) {
            if (k < 1) {
                throw new IllegalArgumentException("top_k must be at least 1, got " + k);
            }
            this.topK = k;
            return this;
        }

        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /** LMQL's {@code max_len}: most tokens of prompt plus generated text. */
        public Builder maxLen(int tokens) {
            if (tokens < 1) {
                throw new IllegalArgumentException("max_len must be at least 1, got " + tokens);
            }
            this.maxLen = tokens;
            return this;
        }

        public Builder chunksize(int tokens) {
            if (tokens < 1) {
                throw new IllegalArgumentException("chunksize must be at least 1, got " + tokens);
            }
            this.chunksize = tokens;
            return this;
        }

        /** {@code true}: print the certificate to stdout; {@code false}: none. */
        public Builder certificate(boolean print) {
            this.certificate = print ? Boolean.TRUE : null;
            return this;
        }

        /** Write the certificate to this file (a path template with {@code {method}} / {@code {timestamp}}). */
        public Builder certificate(String path) {
            this.certificate = Objects.requireNonNull(path, "path");
            return this;
        }

        /** Write the certificate to this file. */
        public Builder certificate(Path path) {
            this.certificate = Objects.requireNonNull(path, "path");
            return this;
        }

        /** Hand the certificate to this callback. */
        public Builder certificate(java.util.function.Consumer<? super dev.lmql.trace.InferenceCertificate> callback) {
            this.certificate = Objects.requireNonNull(callback, "callback");
            return this;
        }

        /** Cache model calls in this JSON-lines file as well as in memory (shared across processes). */
        public Builder cache(Path file) {
            this.cache = Objects.requireNonNull(file, "file");
            return this;
        }

        /** As {@link #cache(Path)}. */
        public Builder cache(String file) {
            return cache(Path.of(file));
        }

        public GenerateOptions build() {
            return new GenerateOptions(this);
        }
    }
}
