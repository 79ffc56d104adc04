package dev.lmql.decode;

import dev.lmql.lang.DistributionClause;
import dev.lmql.lang.Expr;
import dev.lmql.lang.Template;
import dev.lmql.lang.TemplatePart;
import java.util.List;
import java.util.Objects;

/**
 * A parsed query, ready to run: template, where clause, decoder settings and distribution clause.
 *
 * @param where        the where clause, or null
 * @param distribution the distribution clause, or null
 */
public record QueryPlan(Template template, Expr where, DecodeSettings settings, DistributionClause distribution) {

    /**
     * @throws IllegalArgumentException when the distribution variable is not the template's last hole
     */
    public QueryPlan {
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(settings, "settings");
        if (distribution != null) {
            List<TemplatePart.Hole> holes = template.holes();
            if (holes.isEmpty() || !holes.get(holes.size() - 1).name().equals(distribution.variable())) {
                throw new IllegalArgumentException("the distribution variable " + distribution.variable()
                        + " must be the last hole of the template; holes: " + template.holeNames());
            }
        }
    }
}
