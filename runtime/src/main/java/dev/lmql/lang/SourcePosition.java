package dev.lmql.lang;

/**
 * A place in a query source: the zero-based character offset and the one-based line and column.
 *
 * <p>Columns count UTF-16 characters from the start of the line, so they match what javac and editors show.
 */
public record SourcePosition(int offset, int line, int column) {

    /** Validates that the offset is non-negative and line and column are one-based. */
    public SourcePosition {
        if (offset < 0 || line < 1 || column < 1) {
            throw new IllegalArgumentException(
                    "invalid source position offset=" + offset + " line=" + line + " column=" + column);
        }
    }

    /** The position at the very start of a source. */
    public static final SourcePosition START = new SourcePosition(0, 1, 1);

    @Override
    public String toString() {
        return "line " + line + ", column " + column;
    }
}
