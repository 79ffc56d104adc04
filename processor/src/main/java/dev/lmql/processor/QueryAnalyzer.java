package dev.lmql.processor;

import dev.lmql.lang.DecoderClause;
import dev.lmql.lang.DecoderParameter;
import dev.lmql.lang.DecoderParser;
import dev.lmql.lang.DistributionClause;
import dev.lmql.lang.DistributionParser;
import dev.lmql.lang.Expr;
import dev.lmql.lang.QuerySyntaxException;
import dev.lmql.lang.SourcePosition;
import dev.lmql.lang.Template;
import dev.lmql.lang.TemplateParser;
import dev.lmql.lang.TemplatePart;
import dev.lmql.lang.WhereParser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The processor's only door into {@code dev.lmql.lang}: parses a query's clauses with the runtime's own parsers
 * (so javac reports exactly what the runtime would reject) and checks names across them.
 */
final class QueryAnalyzer {

    /** The clause sources of one query, {@code ""} when absent. */
    record Clauses(String template, String where, String decoder, String distribution) {
    }

    /** The parsed query (empty when a clause did not parse or names do not resolve) and the findings. */
    record Analysis(Optional<ParsedQuery> query, List<Finding> findings) {
    }

    private final String method;
    private final List<String> parameters;
    private final List<Finding> findings = new ArrayList<>();

    private QueryAnalyzer(String method, List<String> parameters) {
        this.method = method;
        this.parameters = List.copyOf(parameters);
    }

    /** Analyses {@code clauses} of {@code method}, whose argument parameters are {@code parameters}. */
    static Analysis analyze(String method, Clauses clauses, List<String> parameters) {
        return new QueryAnalyzer(method, parameters).run(clauses);
    }

    private Analysis run(Clauses clauses) {
        Template template = parse("value", "template", () -> TemplateParser.parse(clauses.template()));
        Expr where = clauses.where().isBlank() ? null
                : parse("where", "where clause", () -> WhereParser.parse(clauses.where()));
        DecoderClause decoder = clauses.decoder().isBlank() ? null
                : parse("decoder", "decoder clause", () -> DecoderParser.parse(clauses.decoder()));
        DistributionClause distribution = clauses.distribution().isBlank() ? null
                : parse("distribution", "distribution clause", () -> DistributionParser.parse(clauses.distribution()));
        if (!findings.isEmpty()) {
            return new Analysis(Optional.empty(), findings);
        }
        Set<String> used = new LinkedHashSet<>();
        Map<String, String> declaredTypes = new LinkedHashMap<>();
        List<String> holes = holes(template, declaredTypes);
        for (TemplatePart.Interpolation interpolation : template.interpolations()) {
            resolveParameter(interpolation.parameter(), interpolation.position(), "value", "template");
            used.add(interpolation.parameter());
        }
        if (where != null) {
            for (Expr.Identifier identifier : identifiers(where, new ArrayList<>())) {
                if (!holes.contains(identifier.name())) {
                    resolveName(identifier, holes);
                    used.add(identifier.name());
                }
            }
        }
        String distributionVariable = null;
        List<String> distributionValues = null;
        if (distribution != null) {
            distributionVariable = distribution.variable();
            checkDistributionVariable(distribution, holes);
            Optional<String> valuesParameter = distribution.valuesParameter();
            if (valuesParameter.isPresent()) {
                resolveParameter(valuesParameter.get(), distribution.values().position(), "distribution",
                        "distribution clause");
                used.add(valuesParameter.get());
            } else {
                distributionValues = distribution.literalValues();
            }
        }
        if (findings.stream().anyMatch(f -> f.problem().isError())) {
            return new Analysis(Optional.empty(), findings);
        }
        ParsedQuery query = new ParsedQuery(holes, declaredTypes, used, distributionVariable, distributionValues,
                clauses.decoder().strip(), results(decoder));
        return new Analysis(Optional.of(query), findings);
    }

    private <T> T parse(String attribute, String clause, Supplier<T> parser) {
        try {
            return parser.get();
        } catch (QuerySyntaxException e) {
            findings.add(Finding.on(attribute,
                    Diagnostics.syntaxError(clause, e.reason(), e.line(), e.column(), e.excerpt())));
            return null;
        }
    }

    private List<String> holes(Template template, Map<String, String> declaredTypes) {
        List<String> names = new ArrayList<>();
        Map<String, SourcePosition> first = new LinkedHashMap<>();
        for (TemplatePart.Hole hole : template.holes()) {
            SourcePosition previous = first.putIfAbsent(hole.name(), hole.position());
            if (previous != null) {
                findings.add(Finding.on("value", Diagnostics.duplicateHole(hole.name(), previous.line(),
                        previous.column(), hole.position().line(), hole.position().column())));
                continue;
            }
            names.add(hole.name());
            if (!hole.type().keyword().isEmpty()) {
                declaredTypes.put(hole.name(), hole.type().keyword());
            }
        }
        return names;
    }

    private void resolveParameter(String name, SourcePosition position, String attribute, String clause) {
        if (!parameters.contains(name)) {
            findings.add(Finding.on(attribute, Diagnostics.unknownParameter(clause, name, position.line(),
                    position.column(), method, parameters)));
        }
    }

    /** A where-clause name that is not a hole must be a parameter (used as {@code X in param}). */
    private void resolveName(Expr.Identifier identifier, List<String> holes) {
        if (!parameters.contains(identifier.name())) {
            findings.add(Finding.on("where", Diagnostics.unknownWhereName(identifier.name(),
                    identifier.position().line(), identifier.position().column(), holes, parameters)));
        }
    }

    private void checkDistributionVariable(DistributionClause distribution, List<String> holes) {
        String variable = distribution.variable();
        SourcePosition position = distribution.position();
        if (!holes.contains(variable)) {
            findings.add(Finding.on("distribution", Diagnostics.distributionNotAHole(variable, position.line(),
                    position.column(), holes)));
        } else if (!variable.equals(holes.get(holes.size() - 1))) {
            findings.add(Finding.on("distribution", Diagnostics.distributionNotLastHole(variable,
                    holes.get(holes.size() - 1))));
        }
    }

    private static List<Expr.Identifier> identifiers(Expr expr, List<Expr.Identifier> out) {
        if (expr instanceof Expr.Identifier identifier) {
            out.add(identifier);
        } else if (expr instanceof Expr.And and) {
            and.operands().forEach(operand -> identifiers(operand, out));
        } else if (expr instanceof Expr.Or or) {
            or.operands().forEach(operand -> identifiers(operand, out));
        } else if (expr instanceof Expr.Not not) {
            identifiers(not.operand(), out);
        } else if (expr instanceof Expr.Comparison comparison) {
            identifiers(comparison.left(), out);
            identifiers(comparison.right(), out);
        } else if (expr instanceof Expr.In in) {
            identifiers(in.element(), out);
            identifiers(in.container(), out);
        } else if (expr instanceof Expr.Call call) {
            call.arguments().forEach(argument -> identifiers(argument, out));
        } else if (expr instanceof Expr.MethodCall call) {
            identifiers(call.target(), out);
            call.arguments().forEach(argument -> identifiers(argument, out));
        } else if (expr instanceof Expr.ListLiteral list) {
            list.elements().forEach(element -> identifiers(element, out));
        }
        return out;
    }

    /** How many results the decoder produces. */
    private static int results(DecoderClause decoder) {
        if (decoder == null) {
            return 1;
        }
        switch (decoder.decoder()) {
            case SAMPLE:
            case BEAM:
                return (int) decoder.longArgument(DecoderParameter.N).orElse(1);
            case BEST_K:
                return (int) decoder.longArgument(DecoderParameter.K).orElse(1);
            default:
                return 1;
        }
    }
}
