package dev.lmql.lang;

import java.util.Optional;

/** A named argument of a decoder clause, with its type and the values it allows. */
public enum DecoderParameter {
    /** {@code n}: number of samples or beams, at least 1. */
    N("n", Kind.INT, 1),
    /** {@code temperature}: sampling temperature, at least 0. */
    TEMPERATURE("temperature", Kind.FLOAT, 0),
    /** {@code top_p}: nucleus sampling mass, greater than 0 and at most 1. */
    TOP_P("top_p", Kind.FLOAT, 0),
    /** {@code top_k}: sample only among the k most likely tokens, at least 1. */
    TOP_K("top_k", Kind.INT, 1),
    /** {@code seed}: random seed, any integer. */
    SEED("seed", Kind.INT, Long.MIN_VALUE),
    /** {@code k}: number of results of {@code best_k}, at least 1. */
    K("k", Kind.INT, 1),
    /** {@code max_len}: most tokens of prompt plus generated text, at least 1. */
    MAX_LEN("max_len", Kind.INT, 1),
    /** {@code max_tokens}: most generated tokens per hole, at least 1. */
    MAX_TOKENS("max_tokens", Kind.INT, 1),
    /** {@code chunksize}: tokens requested per backend call, at least 1. */
    CHUNKSIZE("chunksize", Kind.INT, 1);

    /** Whether the argument takes an integer or a decimal number. */
    public enum Kind {
        /** An integer; written without a decimal point. */
        INT,
        /** A decimal number; integers are accepted and widened. */
        FLOAT
    }

    private final String argumentName;
    private final Kind kind;
    private final long minimum;

    DecoderParameter(String argumentName, Kind kind, long minimum) {
        this.argumentName = argumentName;
        this.kind = kind;
        this.minimum = minimum;
    }

    /** The name as written, e.g. {@code top_p}. */
    public String argumentName() {
        return argumentName;
    }

    /** The value type. */
    public Kind kind() {
        return kind;
    }

    /** Why {@code value} is out of range, or empty when it is allowed. */
    Optional<String> rangeProblem(double value) {
        if (this == TOP_P) {
            return value > 0 && value <= 1 ? Optional.empty() : Optional.of("must be greater than 0 and at most 1");
        }
        if (value < minimum) {
            return Optional.of("must be at least " + minimum);
        }
        return Optional.empty();
    }

    /** The parameter for an argument name. */
    public static Optional<DecoderParameter> forName(String name) {
        for (DecoderParameter parameter : values()) {
            if (parameter.argumentName.equals(name)) {
                return Optional.of(parameter);
            }
        }
        return Optional.empty();
    }
}
