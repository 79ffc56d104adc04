package dev.lmql.lang;

import java.util.Objects;

/**
 * One named argument of a decoder clause, e.g. {@code temperature=0.7}. The value is a {@link Long} for integer
 * parameters, a {@link Double} for decimal ones, a {@link Boolean} for flags and a {@link String} for choices.
 * Equality ignores the position.
 */
public record DecoderArgument(DecoderParameter parameter, Object value, SourcePosition position) {

    /** Normalises the value to the parameter's type; integer parameters reject fractional values. */
    public DecoderArgument {
        Objects.requireNonNull(parameter, "parameter");
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(value, "value");
        switch (parameter.kind()) {
            case FLOAT:
                if (!(value instanceof Number)) {
                    throw new IllegalArgumentException(parameter.argumentName() + " takes a number, not " + value);
                }
                double d = ((Number) value).doubleValue();
                if (!Double.isFinite(d)) {
                    throw new IllegalArgumentException(parameter.argumentName() + " must be finite: " + value);
                }
                value = d;
                break;
            case INT:
                if (value instanceof Long || value instanceof Integer || value instanceof Short
                        || value instanceof Byte) {
                    value = ((Number) value).longValue();
                } else {
                    throw new IllegalArgumentException(parameter.argumentName() + " takes an integer, not " + value);
                }
                break;
            case BOOL:
                if (!(value instanceof Boolean)) {
                    throw new IllegalArgumentException(parameter.argumentName() + " takes True or False, not " + value);
                }
                break;
            default:
                if (!parameter.choices().contains(value)) {
                    throw new IllegalArgumentException(parameter.argumentName() + " takes one of "
                            + parameter.choices() + ", not " + value);
                }
        }
    }

    /** The value as a long (for integer parameters). */
    public long longValue() {
        return ((Number) value).longValue();
    }

    /** The value as a double (for number parameters). */
    public double doubleValue() {
        return ((Number) value).doubleValue();
    }

    /** The value of a flag. */
    public boolean booleanValue() {
        return (Boolean) value;
    }

    /** The value as source text: numbers as written, flags as {@code True}/{@code False}, choices quoted. */
    public String valueSource() {
        if (value instanceof Boolean) {
            return (Boolean) value ? "True" : "False";
        }
        if (value instanceof String) {
            return LmqlPrinter.quote((String) value);
        }
        return String.valueOf(value);
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
