package dev.lmql.lang;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The checks of a query that need no model, shared by the annotation processor and the runtime: syntax of
 * all four sources, holes declared twice, {@code {param}} naming no parameter, unknown variables and
 * functions in the where clause, functions and operators given the wrong number or kind of arguments,
 * unknown decoders and decoder arguments, and a distribution variable that is not the last hole.
 *
 * <p>Diagnostics come in source order, template first, then where, decoder and distribution clause.
 */
public final class QueryChecker {
    private final Set<String> parameters;
    private final List<Diagnostic> template = new ArrayList<>();
    private final List<Diagnostic> where = new ArrayList<>();
    private final List<Diagnostic> decoder = new ArrayList<>();
    private final List<Diagnostic> distribution = new ArrayList<>();

    private QueryChecker(Set<String> parameters) {
        this.parameters = parameters;
    }

    /**
     * Checks a query whose parameter names are not known: bare names in the where clause that are not holes
     * are taken to be parameters, except where a hole is required.
     */
    public static List<Diagnostic> check(QuerySource source) {
        return new QueryChecker(null).run(source);
    }

    /** Checks a query of a method with the given parameter names. */
    public static List<Diagnostic> check(QuerySource source, Collection<String> parameterNames) {
        return new QueryChecker(new LinkedHashSet<>(parameterNames)).run(source);
    }

    private List<Diagnostic> run(QuerySource source) {
        Template parsedTemplate = parse(template, QueryPart.TEMPLATE, () -> TemplateParser.parse(source.template()));
        Expr parsedWhere = source.hasWhere()
                ? parse(where, QueryPart.WHERE, () -> WhereParser.parse(source.where())) : null;
        if (source.hasDecoder()) {
            parse(decoder, QueryPart.DECODER, () -> DecoderParser.parse(source.decoder()));
        }
        DistributionClause parsedDistribution = source.hasDistribution()
                ? parse(distribution, QueryPart.DISTRIBUTION, () -> DistributionParser.parse(source.distribution()))
                : null;
        if (parsedTemplate != null) {
            Map<String, HoleType> holes = checkTemplate(parsedTemplate);
            if (parsedDistribution != null) {
                checkDistribution(parsedTemplate, parsedDistribution);
            }
            if (parsedWhere != null) {
                String distributionVariable = parsedDistribution == null ? null : parsedDistribution.variable();
                new WhereChecker(holes, parameters, distributionVariable, where).check(parsedWhere);
            }
        }
        List<Diagnostic> all = new ArrayList<>(template);
        all.addAll(where);
        all.addAll(decoder);
        all.addAll(distribution);
        return all;
    }

    private static <T> T parse(List<Diagnostic> sink, QueryPart part, Supplier<T> parser) {
        try {
            return parser.get();
        } catch (QuerySyntaxException e) {
            sink.add(new Diagnostic(Diagnostic.Kind.ERROR, e.reason(), part, e.position()));
            return null;
        }
    }

    /** Reports duplicate holes and unknown parameters; returns the holes with their (first) types. */
    private Map<String, HoleType> checkTemplate(Template parsed) {
        Map<String, TemplatePart.Hole> first = new LinkedHashMap<>();
        for (TemplatePart part : parsed.parts()) {
            if (part instanceof TemplatePart.Hole hole) {
                TemplatePart.Hole earlier = first.putIfAbsent(hole.name(), hole);
                if (hole.pattern() != null) {
                    regexProblem(hole.pattern()).ifPresent(problem -> template.add(error("the regex of hole ["
                            + hole.name() + "] is not usable: " + problem, hole.position())));
                }
                if (earlier != null) {
                    template.add(error("hole [" + hole.name() + "] is declared twice; its first declaration is at line "
                            + earlier.position().line() + ", column " + earlier.position().column(), hole.position()));
                } else if (parameters != null && parameters.contains(hole.name())) {
                    template.add(new Diagnostic(Diagnostic.Kind.WARNING, "hole [" + hole.name()
                            + "] has the same name as a parameter; in the where clause " + hole.name()
                            + " means the hole", QueryPart.TEMPLATE, hole.position()));
                }
            } else if (part instanceof TemplatePart.Interpolation interpolation && parameters != null
                    && !parameters.contains(interpolation.parameter())) {
                String hint = Suggestions.closest(interpolation.parameter(), parameters)
                        .map(p -> "did you mean {" + p + "}?")
                        .orElse(parameterList());
                template.add(error("unknown parameter {" + interpolation.parameter() + "}; " + hint,
                        interpolation.position()));
            }
        }
        Map<String, HoleType> holes = new LinkedHashMap<>();
        first.forEach((name, hole) -> holes.put(name, hole.type()));
        return holes;
    }

    private void checkDistribution(Template parsed, DistributionClause clause) {
        List<TemplatePart.Hole> holes = parsed.holes();
        String variable = clause.variable();
        int index = -1;
        for (int h = 0; h < holes.size(); h++) {
            if (holes.get(h).name().equals(variable)) {
                index = h;
            }
        }
        if (index < 0) {
            List<String> names = parsed.holeNames();
            String hint = Suggestions.closest(variable, names)
                    .map(n -> "did you mean " + n + "?")
                    .orElse(names.isEmpty() ? "the template has no holes" : "the holes are " + String.join(", ", names));
            distribution.add(new Diagnostic(Diagnostic.Kind.ERROR, "distribution variable " + variable
                    + " is not a hole of the template; " + hint, QueryPart.DISTRIBUTION, clause.position()));
        } else if (index < holes.size() - 1) {
            distribution.add(new Diagnostic(Diagnostic.Kind.ERROR, "distribution variable " + variable
                    + " must be the last hole of the template, but [" + holes.get(index + 1).name()
                    + "] comes after it", QueryPart.DISTRIBUTION, clause.position()));
        }
        if (parameters != null && clause.values() instanceof Expr.Identifier id && !parameters.contains(id.name())) {
            String hint = Suggestions.closest(id.name(), parameters)
                    .map(p -> "did you mean " + p + "?")
                    .orElse(parameterList());
            distribution.add(new Diagnostic(Diagnostic.Kind.ERROR, "unknown parameter " + id.name()
                    + " in the distribution clause; " + hint, QueryPart.DISTRIBUTION, id.position()));
        }
    }

    private String parameterList() {
        return parameters.isEmpty() ? "the method has no parameters"
                : "the method has parameters " + String.join(", ", parameters);
    }

    /** Why a constraint regex cannot be used (the parser's message), or empty. */
    static java.util.Optional<String> regexProblem(String pattern) {
        try {
            RegexSyntax.parse(pattern);
            return java.util.Optional.empty();
        } catch (IllegalArgumentException e) {
            return java.util.Optional.of(e.getMessage());
        }
    }

    private static Diagnostic error(String message, SourcePosition position) {
        return new Diagnostic(Diagnostic.Kind.ERROR, message, QueryPart.TEMPLATE, position);
    }
}
