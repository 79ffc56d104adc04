package dev.lmql.lang;

import java.util.List;
import java.util.Optional;

/** A named argument of a decoder clause, with its type and the values it allows. */
public enum DecoderParameter {
    /** {@code n}: number of samples, beams or results, at least 1. */
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
    /** {@code b}: candidates per hole of {@code var} and {@code bsseq} (the branching factor), at least 1. */
    B("b", Kind.INT, 1),
    /** {@code alpha}: {@code beam_var}'s length penalty exponent (score = sum / length^alpha), at least 0. */
    ALPHA("alpha", Kind.FLOAT, 0),
    /** {@code inject_stop}: {@code beam_var} also tries each hole's stop phrases as continuations. */
    INJECT_STOP("inject_stop", Kind.BOOL, 0),
    /**
     * {@code prune}: {@code beam_var} drops hypotheses whose summed log-probability is at most {@code prune} times
     * the best finished one's; at least 1 ({@code None}: no pruning).
     */
    PRUNE("prune", Kind.FLOAT, 1),
    /** {@code return_first}: stop as soon as the first hypotheses finish. */
    RETURN_FIRST("return_first", Kind.BOOL, 0),
    /** {@code subdecoder}: how {@code var} decodes a hole: {@code "sample"}, {@code "beam"} or {@code "beam_seq"}. */
    SUBDECODER("subdecoder", Kind.CHOICE, 0, "sample", "beam", "beam_seq"),
    /** {@code max_len}: most tokens of prompt plus generated text, at least 1. */
    MAX_LEN("max_len", Kind.INT, 1),
    /** {@code max_tokens}: most generated tokens per hole, at least 1. */
    MAX_TOKENS("max_tokens", Kind.INT, 1),
    /** {@code chunksize}: tokens requested per backend call, at least 1. */
    CHUNKSIZE("chunksize", Kind.INT, 1);

    /** What kind of value the argument takes. */
    public enum Kind {
        /** An integer; written without a decimal point. */
        INT,
        /** A decimal number; integers are accepted and widened. */
        FLOAT,
        /** {@code True} or {@code False} (Python spelling; {@code true} and {@code false} are accepted too). */
        BOOL,
        /** A string literal naming one of the parameter's {@link #choices()}. */
        CHOICE
    }

    private final String argumentName;
    private final Kind kind;
    private final long minimum;
    private final List<String> choices;

    DecoderParameter(String argumentName, Kind kind, long minimum, String... choices) {
        this.argumentName = argumentName;
        this.kind = kind;
        this.minimum = minimum;
        this.choices = List.of(choices);
    }

    /** The name as written, e.g. {@code top_p}. */
    public String argumentName() {
        return argumentName;
    }

    /** The value type. */
    public Kind kind() {
        return kind;
    }

    /** The strings a {@link Kind#CHOICE} parameter accepts; empty for other kinds. */
    public List<String> choices() {
        return choices;
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
