package dev.lmql.lang;

import java.util.Objects;

/**
 * One named argument of a decoder clause, e.g. {@code temperature=0.7}. The value is a {@link Long} for
 * integer parameters and a {@link Double} for decimal ones. Equality ignores the position.
 */
public record DecoderArgument(DecoderParameter parameter, Number value, SourcePosition position) {

    /** Normalises the value to the parameter's type; integer parameters reject fractional values. */
    public DecoderArgument {
        Objects.requireNonNull(parameter, "parameter");
        Objects.requireNonNull(position, "position");
        if (parameter.kind() == DecoderParameter.Kind.FLOAT) {
            double d = value.doubleValue();
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException(parameter.argumentName() + " must be finite: " + value);
            }
            value = d;
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short
                || value instanceof Byte) {
            value = value.longValue();
        } else {
            throw new IllegalArgumentException(parameter.argumentName() + " takes an integer, not " + value);
        }
    }

    /** The value as a long (for integer parameters). */
    public long longValue() {
        return value.longValue();
    }

    /** The value as a double. */
    public double doubleValue() {
        return value.doubleValue();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DecoderArgument that && parameter == that.parameter && value.equals(that.value);
    }

    @Override
    public int hashCode() {
        return parameter.hashCode() * 31 + value.hashCode();
    }
}
