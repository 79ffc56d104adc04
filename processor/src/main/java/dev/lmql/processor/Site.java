package dev.lmql.processor;

import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;

/**
 * The smallest source position a problem can be reported on: an element, optionally one of its annotations and
 * optionally one value of that annotation (javac then points at the string literal itself).
 */
record Site(Element element, AnnotationMirror mirror, AnnotationValue value) {

    static Site of(Element element) {
        return new Site(element, null, null);
    }

    /** The site of attribute {@code name} of {@code mirror}; the whole annotation when the value is defaulted. */
    static Site of(Element element, AnnotationMirror mirror, String name) {
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry
                : mirror.getElementValues().entrySet()) {
            if (entry.getKey().getSimpleName().contentEquals(name)) {
                return new Site(element, mirror, entry.getValue());
            }
        }
        return new Site(element, mirror, null);
    }
}
