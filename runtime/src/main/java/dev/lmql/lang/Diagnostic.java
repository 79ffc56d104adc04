package dev.lmql.lang;

import java.util.Objects;

/**
 * A problem found in a query before it runs. The message is one sentence naming the thing, the rule and,
 * where a near name exists, a "did you mean ...?" hint; message texts are part of the API.
 *
 * @param kind whether the query cannot run ({@link Kind#ERROR}) or probably does not do what was meant
 * @param message the sentence, without the position
 * @param part the source the position refers to
 * @param position where in that source the problem is
 */
public record Diagnostic(Kind kind, String message, QueryPart part, SourcePosition position) {

    /** How serious a diagnostic is. */
    public enum Kind {
        /** The query is invalid. */
        ERROR,
        /** The query is valid but suspicious. */
        WARNING
    }

    /** Validates that all components are present. */
    public Diagnostic {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(part, "part");
        Objects.requireNonNull(position, "position");
    }

    /** Zero-based offset into the part's source. */
    public int offset() {
        return position.offset();
    }

    /** One-based line in the part's source. */
    public int line() {
        return position.line();
    }

    /** One-based column in the part's source. */
    public int column() {
        return position.column();
    }

    @Override
    public String toString() {
        return kind + " in " + part.name().toLowerCase(java.util.Locale.ROOT) + " at " + position + ": " + message;
    }
}
