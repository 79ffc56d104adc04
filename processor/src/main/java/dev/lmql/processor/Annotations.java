package dev.lmql.processor;

import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/** Reads annotation mirrors by name, so the processor never needs the annotation classes loaded. */
final class Annotations {

    static final String QUERY = "dev.lmql.annotations.Query";
    static final String DEFAULTS = "dev.lmql.annotations.LmqlDefaults";

    private Annotations() {
    }

    static Optional<AnnotationMirror> find(Element element, String qualifiedName) {
        for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
            TypeElement type = (TypeElement) mirror.getAnnotationType().asElement();
            if (type.getQualifiedName().contentEquals(qualifiedName)) {
                return Optional.of(mirror);
            }
        }
        return Optional.empty();
    }

    /** The value of attribute {@code name}, with the annotation's default when not written. */
    static Object value(Elements elements, AnnotationMirror mirror, String name) {
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry
                : elements.getElementValuesWithDefaults(mirror).entrySet()) {
            if (entry.getKey().getSimpleName().contentEquals(name)) {
                return entry.getValue().getValue();
            }
        }
        throw new IllegalArgumentException("annotation " + mirror + " has no attribute " + name);
    }

    static String string(Elements elements, AnnotationMirror mirror, String name) {
        return String.valueOf(value(elements, mirror, name));
    }
}
