package dev.lmql.lang;

import java.util.List;
import java.util.Optional;

/**
 * All four sources of a query, parsed. Absent clauses are empty optionals.
 *
 * <p>Parsing checks syntax only; run {@link QueryChecker} for the semantic checks.
 */
public record ParsedQuery(Template template, Optional<Expr> where, Optional<DecoderClause> decoder,
        Optional<DistributionClause> distribution) {

    /**
     * Parses every source of the query.
     *
     * @throws QuerySyntaxException for the first source (template, where, decoder, distribution) that is malformed
     */
    public static ParsedQuery parse(QuerySource source) {
        Template template = TemplateParser.parse(source.template());
        Optional<Expr> where = source.hasWhere() ? Optional.of(WhereParser.parse(source.where())) : Optional.empty();
        Optional<DecoderClause> decoder = source.hasDecoder()
                ? Optional.of(DecoderParser.parse(source.decoder())) : Optional.empty();
        Optional<DistributionClause> distribution = source.hasDistribution()
                ? Optional.of(DistributionParser.parse(source.distribution())) : Optional.empty();
        return new ParsedQuery(template, where, decoder, distribution);
    }

    /** The where-clause conjuncts that constrain {@code hole} (empty without a where clause). */
    public List<Expr> constraintsOf(String hole) {
        return where.map(w -> HoleConstraints.of(w, hole)).orElse(List.of());
    }
}
