package dev.lmql.processor;

import com.palantir.javapoet.ClassName;
import java.util.ArrayDeque;
import java.util.Deque;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;

/**
 * Names of generated classes. {@code Lmql.create} relies on this rule: same package, the interface's nested
 * simple names joined with {@code _}, plus {@code Lmql} ({@code Outer.Greeter} becomes {@code Outer_GreeterLmql}).
 */
final class GeneratedNames {

    static final String SUFFIX = "Lmql";

    private GeneratedNames() {
    }

    static ClassName implementationName(TypeElement type) {
        Deque<String> names = new ArrayDeque<>();
        Element current = type;
        while (current.getKind() != ElementKind.PACKAGE) {
            names.addFirst(current.getSimpleName().toString());
            current = current.getEnclosingElement();
        }
        String packageName = ((PackageElement) current).getQualifiedName().toString();
        return ClassName.get(packageName, String.join("_", names) + SUFFIX);
    }
}
