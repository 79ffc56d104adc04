package dev.lmql.processor;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the processor needs to know about a query's clauses once they parsed: hole names in template order,
 * declared hole types, the parameters the query mentions, the distribution clause and how many results the
 * decoder produces.
 *
 * @param holes                 hole names in template order
 * @param declaredTypes         per hole the keyword of a typed hole ({@code int}, {@code float}, {@code bool})
 * @param usedParameters        parameters referenced by {@code {param}} or {@code in param}
 * @param distributionVariable  the distribution clause's hole, or {@code null}
 * @param distributionValues    the clause's literal values, or {@code null} when they come from a parameter
 * @param decoder               the effective decoder clause as written ({@code ""}: the runtime default)
 * @param decoderResults        how many results the decoder produces (1 for argmax or no decoder)
 */
record ParsedQuery(List<String> holes, Map<String, String> declaredTypes, Set<String> usedParameters,
                   String distributionVariable, List<String> distributionValues, String decoder,
                   int decoderResults) {

    ParsedQuery {
        holes = List.copyOf(holes);
        declaredTypes = Map.copyOf(declaredTypes);
        usedParameters = Set.copyOf(usedParameters);
        distributionValues = distributionValues == null ? null : List.copyOf(distributionValues);
    }

    String lastHole() {
        return holes.isEmpty() ? null : holes.get(holes.size() - 1);
    }
}
