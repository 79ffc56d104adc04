package dev.lmql.lang;

/** Which source of a query a diagnostic points into. */
public enum QueryPart {
    /** The prompt template ({@code @Query value}). */
    TEMPLATE,
    /** The where clause. */
    WHERE,
    /** The decoder clause. */
    DECODER,
    /** The distribution clause. */
    DISTRIBUTION
}
