package dev.lmql.processor;

import com.palantir.javapoet.TypeName;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Maps a query method's return type onto the query's holes: which hole feeds which value, converted to which
 * type. Problems come back as findings on the {@code @Query} attribute they concern.
 */
final class ReturnTypeMapper {

    static final String QUERY_RESULT = "dev.lmql.QueryResult";
    static final String DISTRIBUTION = "dev.lmql.Distribution";

    /** The mapping of a return type, or empty with findings explaining why not. */
    record Mapping(TypeName returnType, boolean async, ResultShape shape) {
    }

    private final String method;
    private final ParsedQuery query;
    private final List<Finding> findings = new ArrayList<>();

    private ReturnTypeMapper(String method, ParsedQuery query) {
        this.method = method;
        this.query = query;
    }

    static Optional<Mapping> map(String method, TypeMirror returnType, ParsedQuery query, List<Finding> findings) {
        ReturnTypeMapper mapper = new ReturnTypeMapper(method, query);
        Optional<Mapping> mapping = mapper.mapTop(returnType);
        findings.addAll(mapper.findings);
        return mapper.findings.stream().anyMatch(f -> f.problem().isError()) ? Optional.empty() : mapping;
    }

    private Optional<Mapping> mapTop(TypeMirror returnType) {
        TypeName declared = TypeName.get(returnType);
        TypeMirror result = returnType;
        boolean async = false;
        if (isClass(returnType, "java.util.concurrent.CompletableFuture")) {
            Optional<TypeMirror> argument = typeArgument(returnType);
            if (argument.isEmpty()) {
                return unmappable(returnType);
            }
            result = argument.get();
            async = true;
        }
        Optional<ResultShape> shape = mapResult(result);
        if (shape.isPresent() && !(shape.get() instanceof ResultShape.ListOf) && query.decoderResults() > 1) {
            findings.add(Finding.on("decoder", Diagnostics.severalResultsDropped(method, query.decoder(), query.decoderResults())));
        }
        boolean isAsync = async;
        return shape.map(s -> new Mapping(declared, isAsync, s));
    }

    private Optional<ResultShape> mapResult(TypeMirror type) {
        if (isClass(type, "java.util.List")) {
            Optional<TypeMirror> element = typeArgument(type);
            if (element.isEmpty()) {
                return unmappable(type).map(m -> m.shape());
            }
            if (query.decoderResults() <= 1) {
                findings.add(Finding.on("decoder", Diagnostics.listNeedsSeveralResults(method, query.decoder())));
            }
            Optional<ResultShape> single = mapSingleResult(element.get(), "List");
            return single.map(s -> new ResultShape.ListOf(s, TypeName.get(element.get())));
        }
        return mapSingleResult(type, null);
    }

    /** One result: a value, Optional, record, QueryResult or Distribution. */
    private Optional<ResultShape> mapSingleResult(TypeMirror type, String container) {
        if (isClass(type, QUERY_RESULT)) {
            return Optional.of(new ResultShape.Raw());
        }
        if (isClass(type, "java.util.Optional")) {
            Optional<TypeMirror> argument = typeArgument(type);
            Optional<ValueType> value = argument.flatMap(this::valueType);
            if (value.isEmpty()) {
                unsupported(container, "Optional", argument.map(Object::toString).orElse("raw Optional"));
                return Optional.empty();
            }
            return lastHole(value.get().typeName().toString()).map(h -> new ResultShape.OptionalOf(h, value.get()));
        }
        if (isClass(type, DISTRIBUTION)) {
            return distribution(type);
        }
        if (type.getKind() == TypeKind.DECLARED
                && ((DeclaredType) type).asElement().getKind() == ElementKind.RECORD) {
            return record((TypeElement) ((DeclaredType) type).asElement(), TypeName.get(type));
        }
        Optional<ValueType> value = valueType(type);
        if (value.isPresent()) {
            checkDistributionValues(value.get());
            return lastHole(type.toString()).map(h -> new ResultShape.Single(h, value.get()));
        }
        if (container != null) {
            unsupported(null, container, type.toString());
        } else if (findings.stream().noneMatch(f -> f.problem().isError())) {
            findings.add(Finding.on("value", Diagnostics.unmappableReturnType(method, type.toString())));
        }
        return Optional.empty();
    }

    private Optional<ResultShape> distribution(TypeMirror type) {
        Optional<ValueType> value = typeArgument(type).flatMap(this::valueType);
        if (value.isEmpty()) {
            unsupported(null, "Distribution", typeArgument(type).map(Object::toString).orElse("raw Distribution"));
            return Optional.empty();
        }
        if (query.distributionVariable() == null) {
            findings.add(Finding.on("distribution", Diagnostics.distributionRequired(method, type.toString())));
            return Optional.empty();
        }
        checkDistributionValues(value.get());
        return Optional.of(new ResultShape.DistributionOf(query.distributionVariable(), value.get()));
    }

    /** The distribution clause's literal values must convert to the type the hole's value becomes. */
    private void checkDistributionValues(ValueType type) {
        if (query.distributionValues() == null || query.distributionVariable() == null
                || !query.distributionVariable().equals(query.lastHole())) {
            return;
        }
        for (String value : query.distributionValues()) {
            Optional<Problem> problem = conversionProblem(value, type);
            if (problem.isPresent()) {
                findings.add(Finding.on("distribution", problem.get()));
                return;
            }
        }
    }

    private static Optional<Problem> conversionProblem(String value, ValueType type) {
        switch (type.kind()) {
            case ENUM:
                List<String> labels = type.labels().stream().map(ValueType.EnumLabel::label).toList();
                return labels.contains(value) ? Optional.empty()
                        : Optional.of(Diagnostics.distributionValueNotLabel(value, type.typeName().toString(), labels));
            case INT:
            case LONG:
                return value.strip().matches("[+-]?\\d+") ? Optional.empty()
                        : Optional.of(Diagnostics.distributionValueNotNumber(value, type.typeName().toString()));
            case FLOAT:
            case DOUBLE:
                return value.strip().matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?") ? Optional.empty()
                        : Optional.of(Diagnostics.distributionValueNotNumber(value, type.typeName().toString()));
            case BOOLEAN:
                return value.equals("true") || value.equals("false") ? Optional.empty()
                        : Optional.of(Diagnostics.distributionValueNotNumber(value, type.typeName().toString()));
            default:
                return Optional.empty();
        }
    }

    private Optional<ResultShape> record(TypeElement record, TypeName name) {
        String recordName = record.getQualifiedName().toString();
        if (record.getModifiers().contains(Modifier.PRIVATE)) {
            findings.add(Finding.on("value", Diagnostics.unmappableReturnType(method, recordName + " (private)")));
            return Optional.empty();
        }
        List<ResultShape.Component> components = new ArrayList<>();
        boolean valid = true;
        for (RecordComponentElement component : record.getRecordComponents()) {
            String componentName = component.getSimpleName().toString();
            List<Problem> problems = new ArrayList<>();
            Optional<ValueType> value = ValueTypes.of(component.asType(), problems);
            problems.forEach(p -> findings.add(Finding.on("value", p)));
            if (value.isEmpty()) {
                findings.add(Finding.on("value",
                        Diagnostics.unsupportedComponentType(recordName, componentName, component.asType().toString())));
                valid = false;
                continue;
            }
            List<String> matches = query.holes().stream()
                    .filter(h -> h.equalsIgnoreCase(componentName)).distinct().toList();
            if (matches.contains(componentName)) {
                matches = List.of(componentName);
            }
            if (matches.isEmpty()) {
                findings.add(Finding.on("value",
                        Diagnostics.componentWithoutHole(recordName, componentName, query.holes())));
                valid = false;
            } else if (matches.size() > 1) {
                findings.add(Finding.on("value", Diagnostics.ambiguousHole(recordName, componentName, matches)));
                valid = false;
            } else {
                components.add(new ResultShape.Component(componentName, matches.get(0), value.get()));
            }
        }
        List<String> componentNames = record.getRecordComponents().stream()
                .map(c -> c.getSimpleName().toString()).toList();
        for (String hole : query.holes()) {
            boolean matched = componentNames.stream().anyMatch(c -> c.equalsIgnoreCase(hole));
            if (!matched) {
                findings.add(Finding.on("value", Diagnostics.holeWithoutComponent(hole, recordName, componentNames)));
                valid = false;
            }
        }
        return valid ? Optional.of(new ResultShape.RecordOf(name, components)) : Optional.empty();
    }

    private Optional<ValueType> valueType(TypeMirror type) {
        List<Problem> problems = new ArrayList<>();
        Optional<ValueType> value = ValueTypes.of(type, problems);
        problems.forEach(p -> findings.add(Finding.on("value", p)));
        return value;
    }

    private Optional<String> lastHole(String type) {
        String hole = query.lastHole();
        if (hole == null) {
            findings.add(Finding.on("value", Diagnostics.noHoleForReturnValue(method, type)));
            return Optional.empty();
        }
        return Optional.of(hole);
    }

    private void unsupported(String outer, String container, String element) {
        String supported = "Optional".equals(container)
                ? "String, a number, boolean or an enum"
                : "Distribution".equals(container)
                ? "String, a boxed number, Boolean or an enum"
                : "String, a number, boolean, an enum, a record, Optional or QueryResult";
        findings.add(Finding.on("value", Diagnostics.unsupportedElementType(method,
                outer == null ? container : outer + " of " + container, element, supported)));
    }

    private Optional<Mapping> unmappable(TypeMirror type) {
        findings.add(Finding.on("value", Diagnostics.unmappableReturnType(method, type.toString())));
        return Optional.empty();
    }

    private static boolean isClass(TypeMirror type, String qualifiedName) {
        return type.getKind() == TypeKind.DECLARED
                && ((TypeElement) ((DeclaredType) type).asElement()).getQualifiedName().contentEquals(qualifiedName);
    }

    private static Optional<TypeMirror> typeArgument(TypeMirror type) {
        List<? extends TypeMirror> arguments = ((DeclaredType) type).getTypeArguments();
        if (arguments.size() != 1 || arguments.get(0).getKind() != TypeKind.DECLARED) {
            return Optional.empty();
        }
        return Optional.of(arguments.get(0));
    }
}
