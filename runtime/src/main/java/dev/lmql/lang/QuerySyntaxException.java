package dev.lmql.lang;

/**
 * A query source that does not follow the LMQL grammar.
 *
 * <p>The message is one sentence saying what was expected, followed by {@code at line L, column C};
 * {@link #reason()} is the sentence alone and {@link #excerpt()} is the offending source line with a caret
 * line under it. The message texts are part of the API.
 */
public final class QuerySyntaxException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String reason;
    private final SourcePosition position;
    private final String excerpt;

    /** Creates an exception for {@code reason} at {@code position}, showing {@code excerpt}. */
    public QuerySyntaxException(String reason, SourcePosition position, String excerpt) {
        super(reason + " at line " + position.line() + ", column " + position.column());
        this.reason = reason;
        this.position = position;
        this.excerpt = excerpt;
    }

    /** An exception for {@code reason} at {@code offset} of {@code source}, with position and caret excerpt. */
    public static QuerySyntaxException at(String source, int offset, String reason) {
        return new SourceText(source).error(reason, offset);
    }

    /** What was expected, without the position. */
    public String reason() {
        return reason;
    }

    /** Where the problem is. */
    public SourcePosition position() {
        return position;
    }

    /** One-based line of the problem. */
    public int line() {
        return position.line();
    }

    /** One-based column of the problem. */
    public int column() {
        return position.column();
    }

    /** Zero-based character offset of the problem in the parsed source. */
    public int offset() {
        return position.offset();
    }

    /** The offending source line followed by a line with a caret under the problem. */
    public String excerpt() {
        return excerpt;
    }

    /** The message followed by the excerpt, for printing to a terminal. */
    public String detailedMessage() {
        return getMessage() + "\n" + excerpt;
    }
}
