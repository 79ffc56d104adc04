package dev.lmql.decode;

import dev.lmql.lang.DistributionClause;
import dev.lmql.lang.Expr;
import dev.lmql.lang.Template;
import dev.lmql.lang.TemplatePart;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /**
     * The values of the template's accessor interpolations ({@code {order.total}}) for these arguments, keyed by
     * their dotted path. Certificates record them, because an argument's recorded string form cannot answer an
     * accessor; given back as arguments under the same keys, they take the place of the object on replay.
     *
     * @throws IllegalArgumentException when an argument is missing or an accessor cannot be read
     */
    public Map<String, Object> accessedValues(Map<String, Object> args) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (TemplatePart part : template.parts()) {
            if (part instanceof TemplatePart.Interpolation) {
                TemplatePart.Interpolation in = (TemplatePart.Interpolation) part;
                if (!in.accessors().isEmpty()) {
                    out.put(in.parameter() + "." + String.join(".", in.accessors()),
                            Interpolations.resolve(in.parameter(), in.accessors(), args));
                }
            }
        }
        return out;
    }
}
