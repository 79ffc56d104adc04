package dev.lmql.processor;

import com.palantir.javapoet.TypeName;
import dev.lmql.lang.QuerySyntaxException;
import dev.lmql.lang.WhereParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;

/** Validates one {@code @Query} method and turns it into a {@link QueryMethodModel}. */
final class QueryMethodValidator {

    private static final Set<String> INHERITABLE = Set.of("decoder", "model", "certificate");

    private final Elements elements;
    private final Reporter reporter;
    private final ModelIdCheck modelIds;

    QueryMethodValidator(Elements elements, Reporter reporter, ModelIdCheck modelIds) {
        this.elements = elements;
        this.reporter = reporter;
        this.modelIds = modelIds;
    }

    /** The method's model, or empty when it has errors (all of them reported). */
    Optional<QueryMethodModel> validate(TypeElement iface, Optional<AnnotationMirror> defaults,
                                        ExecutableElement method, AnnotationMirror query, String uniqueName) {
        String name = method.getSimpleName().toString();
        Attributes attributes = new Attributes(iface, defaults, method, query);
        if (!method.getTypeParameters().isEmpty()) {
            reporter.report(Diagnostics.genericMethod(name), Site.of(method, query, "value"));
            return Optional.empty();
        }
        boolean valid = true;
        int maxTokens = (Integer) Annotations.value(elements, query, "maxTokens");
        if (maxTokens == 0 || maxTokens < -1) {
            reporter.report(Diagnostics.invalidMaxTokens(maxTokens), attributes.site("maxTokens"));
            valid = false;
        }
        String model = attributes.string("model");
        if (!model.isEmpty() && !modelIds.isKnown(model)) {
            reporter.report(Diagnostics.unknownModelScheme(model, modelIds.forms()), attributes.site("model"));
            valid = false;
        }
        String certificate = attributes.string("certificate");
        Optional<String> certificateProblem = CertificateTargetCheck.problem(certificate);
        if (certificateProblem.isPresent()) {
            reporter.report(Diagnostics.invalidCertificatePath(certificate, certificateProblem.get()),
                    attributes.site("certificate"));
            valid = false;
        }
        Optional<List<ParameterModel>> parameters = parameters(method, name);
        if (parameters.isEmpty()) {
            return Optional.empty();
        }
        List<String> argumentNames = parameters.get().stream()
                .filter(p -> p.role() == ParameterModel.Role.ARGUMENT).map(ParameterModel::name).toList();
        QueryAnalyzer.Clauses clauses = new QueryAnalyzer.Clauses(attributes.string("value"),
                attributes.string("where"), attributes.string("decoder"), attributes.string("distribution"));
        QueryAnalyzer.Analysis analysis = QueryAnalyzer.analyze(clauses, argumentNames);
        analysis.findings().forEach(f -> reporter.report(f.problem(), attributes.site(f.attribute())));
        if (analysis.query().isEmpty()) {
            return Optional.empty();
        }
        ParsedQuery parsed = analysis.query().get();
        for (VariableElement parameter : method.getParameters()) {
            String parameterName = parameter.getSimpleName().toString();
            if (argumentNames.contains(parameterName) && !parsed.usedParameters().contains(parameterName)) {
                reporter.report(Diagnostics.unusedParameter(parameterName), Site.of(parameter));
            }
        }
        List<Finding> findings = new ArrayList<>();
        Optional<ReturnTypeMapper.Mapping> mapping = ReturnTypeMapper.map(name, method.getReturnType(), parsed,
                findings);
        findings.forEach(f -> reporter.report(f.problem(), attributes.site(f.attribute())));
        if (mapping.isEmpty() || !valid) {
            return Optional.empty();
        }
        Map<String, ValueType> holeTypes = TypeConstraints.holeTypes(mapping.get().shape());
        List<String> unconstrained = new ArrayList<>(parsed.declaredTypes().keySet());
        if (parsed.distributionVariable() != null) {
            unconstrained.add(parsed.distributionVariable());
        }
        for (Map.Entry<String, ValueType> entry : holeTypes.entrySet()) {
            String declared = parsed.declaredTypes().get(entry.getKey());
            if (declared != null && !agrees(declared, entry.getValue().kind())) {
                reporter.report(Diagnostics.holeTypeConflict(entry.getKey(), declared,
                        entry.getValue().typeName().toString()), attributes.site("value"));
                valid = false;
            }
        }
        if (!valid) {
            return Optional.empty();
        }
        String where = TypeConstraints.combinedWhere(attributes.string("where"), holeTypes, unconstrained);
        try {
            if (!where.isBlank()) {
                WhereParser.parse(where);
            }
        } catch (QuerySyntaxException e) {
            throw new IllegalStateException("generated where clause does not parse: " + where, e);
        }
        return Optional.of(new QueryMethodModel(name, uniqueName, parameters.get(), method.isVarArgs(),
                mapping.get().returnType(),
                mapping.get().async(), mapping.get().shape(), attributes.string("value"), where,
                attributes.string("decoder"), attributes.string("distribution"), model, maxTokens, certificate));
    }

    private static boolean agrees(String declared, ValueType.Kind kind) {
        switch (declared) {
            case "int": return kind == ValueType.Kind.INT || kind == ValueType.Kind.LONG
                    || kind == ValueType.Kind.STRING;
            case "float": return kind == ValueType.Kind.FLOAT || kind == ValueType.Kind.DOUBLE
                    || kind == ValueType.Kind.STRING;
            case "bool": return kind == ValueType.Kind.BOOLEAN || kind == ValueType.Kind.STRING;
            default: return true;
        }
    }

    private Optional<List<ParameterModel>> parameters(ExecutableElement method, String name) {
        List<ParameterModel> parameters = new ArrayList<>();
        boolean hasModel = false;
        boolean hasConsumer = false;
        boolean valid = true;
        for (VariableElement parameter : method.getParameters()) {
            ParameterModel.Role role = role(parameter.asType());
            if (role == ParameterModel.Role.MODEL) {
                if (hasModel) {
                    reporter.report(Diagnostics.duplicateModelParameter(name), Site.of(parameter));
                    valid = false;
                }
                hasModel = true;
            } else if (role == ParameterModel.Role.CERTIFICATE_CONSUMER) {
                if (hasConsumer) {
                    reporter.report(Diagnostics.duplicateCertificateParameter(name), Site.of(parameter));
                    valid = false;
                }
                hasConsumer = true;
            }
            parameters.add(new ParameterModel(parameter.getSimpleName().toString(),
                    TypeName.get(parameter.asType()), role));
        }
        return valid ? Optional.of(parameters) : Optional.empty();
    }

    private static ParameterModel.Role role(TypeMirror type) {
        if (type.getKind() != TypeKind.DECLARED) {
            return ParameterModel.Role.ARGUMENT;
        }
        DeclaredType declared = (DeclaredType) type;
        String name = ((TypeElement) declared.asElement()).getQualifiedName().toString();
        if (name.equals(RuntimeNames.LLM.canonicalName())) {
            return ParameterModel.Role.MODEL;
        }
        if (name.equals("java.util.function.Consumer") && declared.getTypeArguments().size() == 1) {
            TypeMirror argument = declared.getTypeArguments().get(0);
            if (argument.getKind() == TypeKind.DECLARED && ((TypeElement) ((DeclaredType) argument).asElement())
                    .getQualifiedName().contentEquals(RuntimeNames.INFERENCE_CERTIFICATE)) {
                return ParameterModel.Role.CERTIFICATE_CONSUMER;
            }
        }
        return ParameterModel.Role.ARGUMENT;
    }

    /** Effective attribute values: the method's {@code @Query}, else the interface's {@code @LmqlDefaults}. */
    private final class Attributes {
        private final TypeElement iface;
        private final Optional<AnnotationMirror> defaults;
        private final ExecutableElement method;
        private final AnnotationMirror query;

        Attributes(TypeElement iface, Optional<AnnotationMirror> defaults, ExecutableElement method,
                   AnnotationMirror query) {
            this.iface = iface;
            this.defaults = defaults;
            this.method = method;
            this.query = query;
        }

        String string(String attribute) {
            String own = Annotations.string(elements, query, attribute);
            if (own.isEmpty() && fromDefaults(attribute)) {
                return Annotations.string(elements, defaults.get(), attribute);
            }
            return own;
        }

        Site site(String attribute) {
            if (Annotations.string(elements, query, attribute).isEmpty() && fromDefaults(attribute)) {
                return Site.of(iface, defaults.get(), attribute);
            }
            return Site.of(method, query, attribute);
        }

        private boolean fromDefaults(String attribute) {
            return INHERITABLE.contains(attribute) && defaults.isPresent()
                    && !Annotations.string(elements, defaults.get(), attribute).isEmpty();
        }
    }
}
