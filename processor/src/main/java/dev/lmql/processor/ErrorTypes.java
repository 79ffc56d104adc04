package dev.lmql.processor;

import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;

/**
 * Finds types javac could not resolve (yet) in an interface's method signatures. Such an interface waits for a
 * later round — another processor may generate the missing type — and javac itself reports what stays missing.
 */
final class ErrorTypes {

    private ErrorTypes() {
    }

    static boolean inSignatures(TypeElement iface) {
        for (ExecutableElement method : ElementFilter.methodsIn(iface.getEnclosedElements())) {
            if (contains(method.getReturnType())) {
                return true;
            }
            for (VariableElement parameter : method.getParameters()) {
                if (contains(parameter.asType())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean contains(TypeMirror type) {
        if (type.getKind() == TypeKind.ERROR) {
            return true;
        }
        if (type.getKind() == TypeKind.DECLARED) {
            for (TypeMirror argument : ((DeclaredType) type).getTypeArguments()) {
                if (contains(argument)) {
                    return true;
                }
            }
            // Records returned by a query are read component by component.
            Element element = ((DeclaredType) type).asElement();
            if (element.getKind() == ElementKind.RECORD) {
                for (RecordComponentElement component : ((TypeElement) element).getRecordComponents()) {
                    if (component.asType().getKind() == TypeKind.ERROR) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
