package dev.lmql.processor;

import com.palantir.javapoet.TypeName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;

/** Recognises the Java types one hole can be converted to and reads enum labels. */
final class ValueTypes {

    static final String LABEL_ANNOTATION = "dev.lmql.annotations.Label";

    private ValueTypes() {
    }

    /** The value type of {@code type}, empty when a hole cannot hold it. Enum problems go to {@code problems}. */
    static Optional<ValueType> of(TypeMirror type, List<Problem> problems) {
        TypeName name = TypeName.get(type);
        switch (type.getKind()) {
            case INT: return Optional.of(ValueType.simple(ValueType.Kind.INT, name));
            case LONG: return Optional.of(ValueType.simple(ValueType.Kind.LONG, name));
            case DOUBLE: return Optional.of(ValueType.simple(ValueType.Kind.DOUBLE, name));
            case FLOAT: return Optional.of(ValueType.simple(ValueType.Kind.FLOAT, name));
            case BOOLEAN: return Optional.of(ValueType.simple(ValueType.Kind.BOOLEAN, name));
            case DECLARED: break;
            default: return Optional.empty();
        }
        TypeElement element = (TypeElement) ((DeclaredType) type).asElement();
        if (element.getKind() == ElementKind.ENUM) {
            return enumType(element, name, problems);
        }
        switch (element.getQualifiedName().toString()) {
            case "java.lang.String": return Optional.of(ValueType.simple(ValueType.Kind.STRING, name));
            case "java.lang.Integer": return Optional.of(ValueType.simple(ValueType.Kind.INT, name));
            case "java.lang.Long": return Optional.of(ValueType.simple(ValueType.Kind.LONG, name));
            case "java.lang.Double": return Optional.of(ValueType.simple(ValueType.Kind.DOUBLE, name));
            case "java.lang.Float": return Optional.of(ValueType.simple(ValueType.Kind.FLOAT, name));
            case "java.lang.Boolean": return Optional.of(ValueType.simple(ValueType.Kind.BOOLEAN, name));
            default: return Optional.empty();
        }
    }

    private static Optional<ValueType> enumType(TypeElement element, TypeName name, List<Problem> problems) {
        String enumName = element.getQualifiedName().toString();
        List<ValueType.EnumLabel> labels = new ArrayList<>();
        Map<String, String> constantByLabel = new HashMap<>();
        boolean valid = true;
        for (Element member : element.getEnclosedElements()) {
            if (member.getKind() != ElementKind.ENUM_CONSTANT) {
                continue;
            }
            String constant = member.getSimpleName().toString();
            String label = label(member).orElse(constant);
            if (label.isEmpty()) {
                problems.add(Diagnostics.emptyLabel(enumName, constant));
                valid = false;
                continue;
            }
            String previous = constantByLabel.putIfAbsent(label, constant);
            if (previous != null) {
                problems.add(Diagnostics.duplicateLabel(enumName, label, previous, constant));
                valid = false;
                continue;
            }
            labels.add(new ValueType.EnumLabel(constant, label));
        }
        if (labels.isEmpty() && valid) {
            problems.add(Diagnostics.enumWithoutConstants(enumName));
            valid = false;
        }
        // An invalid enum is reported; returning a type anyway avoids a second "cannot map" message.
        return Optional.of(new ValueType(ValueType.Kind.ENUM, name, labels));
    }

    private static Optional<String> label(Element constant) {
        for (AnnotationMirror mirror : constant.getAnnotationMirrors()) {
            TypeElement annotation = (TypeElement) mirror.getAnnotationType().asElement();
            if (annotation.getQualifiedName().contentEquals(LABEL_ANNOTATION)) {
                for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry
                        : mirror.getElementValues().entrySet()) {
                    if (entry.getKey().getSimpleName().contentEquals("value")) {
                        return Optional.of(String.valueOf(entry.getValue().getValue()));
                    }
                }
            }
        }
        return Optional.empty();
    }
}
