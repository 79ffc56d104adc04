package dev.lmql.processor;

import dev.lmql.lang.DecoderClause;
import dev.lmql.lang.Diagnostic;
import dev.lmql.lang.DecoderParser;
import dev.lmql.lang.DistributionClause;
import dev.lmql.lang.DistributionParser;
import dev.lmql.lang.Expr;
import dev.lmql.lang.QueryChecker;
import dev.lmql.lang.QueryPart;
import dev.lmql.lang.QuerySource;
import dev.lmql.lang.QuerySyntaxException;
import dev.lmql.lang.Template;
import dev.lmql.lang.TemplateParser;
import dev.lmql.lang.TemplatePart;
import dev.lmql.lang.WhereParser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The processor's only door into {@code dev.lmql.lang}: parses a query's clauses with the runtime's own parsers
 * and runs the runtime's own {@link QueryChecker}, so javac reports exactly what the runtime would reject.
 */
final class QueryAnalyzer {

    /** The clause sources of one query, {@code ""} when absent. */
    record Clauses(String template, String where, String decoder, String distribution) {
    }

    /** The parsed query (empty when a clause did not parse or names do not resolve) and the findings. */
    record Analysis(Optional<ParsedQuery> query, List<Finding> findings) {
    }

    private final List<String> parameters;
    private final List<Finding> findings = new ArrayList<>();

    private QueryAnalyzer(List<String> parameters) {
        this.parameters = List.copyOf(parameters);
    }

    /** Analyses the clauses of a method whose argument parameters are {@code parameters}. */
    static Analysis analyze(Clauses clauses, List<String> parameters) {
        return new QueryAnalyzer(parameters).run(clauses);
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
        for (Diagnostic diagnostic : QueryChecker.check(new QuerySource(clauses.template(), clauses.where(),
                clauses.decoder(), clauses.distribution()), parameters)) {
            findings.add(Finding.on(attribute(diagnostic.part()), Diagnostics.checkerFinding(
                    diagnostic.kind() == Diagnostic.Kind.ERROR, clauseName(diagnostic.part()), diagnostic.message(),
                    diagnostic.line(), diagnostic.column())));
        }
        if (findings.stream().anyMatch(f -> f.problem().isError())) {
            return new Analysis(Optional.empty(), findings);
        }
        Map<String, String> declaredTypes = new LinkedHashMap<>();
        List<String> holes = new ArrayList<>();
        for (TemplatePart.Hole hole : template.holes()) {
            holes.add(hole.name());
            if (!hole.type().keyword().isEmpty()) {
                declaredTypes.put(hole.name(), hole.type().keyword());
            }
        }
        Set<String> used = new LinkedHashSet<>();
        template.interpolations().forEach(interpolation -> used.add(interpolation.parameter()));
        if (where != null) {
            for (Expr.Identifier identifier : identifiers(where, new ArrayList<>())) {
                if (!holes.contains(identifier.name())) {
                    used.add(identifier.name());
                }
            }
        }
        String distributionVariable = null;
        List<String> distributionValues = null;
        if (distribution != null) {
            distributionVariable = distribution.variable();
            distribution.valuesParameter().ifPresent(used::add);
            if (distribution.valuesParameter().isEmpty()) {
                distributionValues = distribution.literalValues();
            }
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

    private static String attribute(QueryPart part) {
        switch (part) {
            case TEMPLATE: return "value";
            case WHERE: return "where";
            case DECODER: return "decoder";
            default: return "distribution";
        }
    }

    private static String clauseName(QueryPart part) {
        return part == QueryPart.TEMPLATE ? "template" : part.name().toLowerCase(Locale.ROOT) + " clause";
    }

    /** How many results the decoder produces, as the runtime counts them (1 without a decoder clause). */
    private static int results(DecoderClause decoder) {
        return decoder == null ? 1 : decoder.resultCount();
    }
}
