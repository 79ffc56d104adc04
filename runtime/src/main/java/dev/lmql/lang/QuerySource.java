package dev.lmql.lang;

import java.util.Objects;

/**
 * The four sources of one query as written in an {@code @Query} annotation. An empty or blank clause means the
 * clause is absent (the annotation default).
 */
public record QuerySource(String template, String where, String decoder, String distribution) {

    /** Replaces null clauses by empty ones; the template must be present. */
    public QuerySource {
        Objects.requireNonNull(template, "template");
        where = where == null ? "" : where;
        decoder = decoder == null ? "" : decoder;
        distribution = distribution == null ? "" : distribution;
    }

    /** A query with only a template. */
    public static QuerySource of(String template) {
        return new QuerySource(template, "", "", "");
    }

    /** This query with the given where clause. */
    public QuerySource withWhere(String where) {
        return new QuerySource(template, where, decoder, distribution);
    }

    /** This query with the given decoder clause. */
    public QuerySource withDecoder(String decoder) {
        return new QuerySource(template, where, decoder, distribution);
    }

    /** This query with the given distribution clause. */
    public QuerySource withDistribution(String distribution) {
        return new QuerySource(template, where, decoder, distribution);
    }

    /** Whether a where clause is given. */
    public boolean hasWhere() {
        return !where.isBlank();
    }

    /** Whether a decoder clause is given. */
    public boolean hasDecoder() {
        return !decoder.isBlank();
    }

    /** Whether a distribution clause is given. */
    public boolean hasDistribution() {
        return !distribution.isBlank();
    }
}
