package dev.lmql.lang;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * A parsed decoder clause such as {@code sample(n=2, temperature=0.8)}. Arguments keep their source order;
 * each parameter appears at most once. Equality ignores source positions.
 */
public record DecoderClause(Decoder decoder, List<DecoderArgument> arguments, SourcePosition position) {

    /** Copies the arguments and checks each is allowed for the decoder and given once. */
    public DecoderClause {
        Objects.requireNonNull(decoder, "decoder");
        Objects.requireNonNull(position, "position");
        arguments = List.copyOf(arguments);
        for (int a = 0; a < arguments.size(); a++) {
            DecoderParameter parameter = arguments.get(a).parameter();
            if (!decoder.parameters().contains(parameter)) {
                throw new IllegalArgumentException(decoder.keyword() + " takes no argument " + parameter.argumentName());
            }
            for (int b = 0; b < a; b++) {
                if (arguments.get(b).parameter() == parameter) {
                    throw new IllegalArgumentException("argument " + parameter.argumentName() + " given twice");
                }
            }
        }
    }

    /** The argument for a parameter, if given. */
    public Optional<DecoderArgument> argument(DecoderParameter parameter) {
        return arguments.stream().filter(a -> a.parameter() == parameter).findFirst();
    }

    /** The value of an integer parameter, if given. */
    public OptionalLong longArgument(DecoderParameter parameter) {
        return argument(parameter).map(a -> OptionalLong.of(a.longValue())).orElse(OptionalLong.empty());
    }

    /** The value of a parameter as a double, if given. */
    public OptionalDouble doubleArgument(DecoderParameter parameter) {
        return argument(parameter).map(a -> OptionalDouble.of(a.doubleValue())).orElse(OptionalDouble.empty());
    }

    /** The value of a flag, if given. */
    public Optional<Boolean> booleanArgument(DecoderParameter parameter) {
        return argument(parameter).map(DecoderArgument::booleanValue);
    }

    /** The value of a choice parameter, if given. */
    public Optional<String> stringArgument(DecoderParameter parameter) {
        return argument(parameter).map(a -> (String) a.value());
    }

    /**
     * How many results the decoder produces with these arguments and the defaults: 1 for argmax, {@code n} for
     * sample (1), beam (2), beam_sample and beam_var (4), {@code k} for best_k (2), and for var {@code n}, which
     * defaults to {@code b} (2); bsseq keeps {@code b} (2). Searches may find fewer values than this.
     */
    public int resultCount() {
        switch (decoder) {
            case ARGMAX:
                return 1;
            case SAMPLE:
                return count(longArgument(DecoderParameter.N).orElse(1));
            case BEAM:
                return count(longArgument(DecoderParameter.N).orElse(2));
            case BEST_K:
                return count(longArgument(DecoderParameter.K).orElse(2));
            case BEAM_SAMPLE:
            case BEAM_VAR:
                return count(longArgument(DecoderParameter.N).orElse(4));
            case VAR:
                return count(longArgument(DecoderParameter.N).orElse(longArgument(DecoderParameter.B).orElse(2)));
            default:
                return count(longArgument(DecoderParameter.B).orElse(2));
        }
    }

    private static int count(long value) {
        return (int) Math.min(Integer.MAX_VALUE, value);
    }

    /** Source text that parses back to an equal clause. */
    public String toSource() {
        return LmqlPrinter.print(this);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DecoderClause that && decoder == that.decoder && arguments.equals(that.arguments);
    }

    @Override
    public int hashCode() {
        return decoder.hashCode() * 31 + arguments.hashCode();
    }
}
