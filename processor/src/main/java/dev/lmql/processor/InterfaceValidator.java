package dev.lmql.processor;

import com.palantir.javapoet.ClassName;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Validates one interface that declares {@code @Query} methods (or carries {@code @LmqlDefaults}) and builds its
 * {@link InterfaceModel}. Every abstract method must be a query; default and static methods are left alone.
 */
final class InterfaceValidator {

    private final Elements elements;
    private final Types types;
    private final Reporter reporter;
    private final QueryMethodValidator methods;

    InterfaceValidator(Elements elements, Types types, Reporter reporter, ModelIdCheck modelIds) {
        this.elements = elements;
        this.types = types;
        this.reporter = reporter;
        this.methods = new QueryMethodValidator(elements, reporter, modelIds);
    }

    /** The interface's model, or empty when it has errors (all of them reported). */
    Optional<InterfaceModel> validate(TypeElement iface) {
        String name = iface.getQualifiedName().toString();
        if (iface.getModifiers().contains(Modifier.PRIVATE)) {
            reporter.report(Diagnostics.privateInterface(nestedName(iface)), Site.of(iface));
            return Optional.empty();
        }
        if (!iface.getTypeParameters().isEmpty()) {
            reporter.report(Diagnostics.genericInterface(name), Site.of(iface));
            return Optional.empty();
        }
        Optional<AnnotationMirror> defaults = Annotations.find(iface, Annotations.DEFAULTS);
        boolean valid = misplacedQueries(iface);
        List<QueryMethodModel> models = new ArrayList<>();
        Set<String> usedNames = new HashSet<>();
        for (ExecutableElement method : abstractMethods(iface)) {
            Optional<AnnotationMirror> query = Annotations.find(method, Annotations.QUERY);
            if (query.isEmpty()) {
                reporter.report(Diagnostics.abstractMethodWithoutQuery(method.getSimpleName().toString(), name),
                        Site.of(method.getEnclosingElement().equals(iface) ? method : iface));
                valid = false;
                continue;
            }
            String uniqueName = uniqueName(method.getSimpleName().toString(), usedNames);
            Optional<QueryMethodModel> model = methods.validate(iface, defaults, method, query.get(), uniqueName);
            valid &= model.isPresent();
            model.ifPresent(models::add);
        }
        if (!valid) {
            return Optional.empty();
        }
        return Optional.of(new InterfaceModel(iface, ClassName.get(iface), GeneratedNames.implementationName(iface),
                models));
    }

    /** {@code @Query} on default or static methods, which the generated class does not implement. */
    private boolean misplacedQueries(TypeElement iface) {
        boolean valid = true;
        for (ExecutableElement method : ElementFilter.methodsIn(iface.getEnclosedElements())) {
            Optional<AnnotationMirror> query = Annotations.find(method, Annotations.QUERY);
            if (query.isEmpty()) {
                continue;
            }
            String name = method.getSimpleName().toString();
            if (method.getModifiers().contains(Modifier.DEFAULT)) {
                reporter.report(Diagnostics.queryOnDefaultMethod(name), Site.of(method, query.get(), "value"));
                valid = false;
            } else if (method.getModifiers().contains(Modifier.STATIC)) {
                reporter.report(Diagnostics.queryOnStaticMethod(name), Site.of(method, query.get(), "value"));
                valid = false;
            }
        }
        return valid;
    }

    /** Abstract methods of the interface and its super-interfaces, own methods first, in declaration order. */
    private List<ExecutableElement> abstractMethods(TypeElement iface) {
        List<ExecutableElement> result = new ArrayList<>();
        collect(iface, iface, result, new HashSet<>());
        return result;
    }

    private void collect(TypeElement type, TypeElement root, List<ExecutableElement> result, Set<String> seen) {
        if (!seen.add(type.getQualifiedName().toString())) {
            return;
        }
        for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
            if (!method.getModifiers().contains(Modifier.ABSTRACT) || overridesObjectMethod(method)) {
                continue;
            }
            // Methods of one type never override each other: only inherited ones need the (costly) check.
            boolean overridden = type != root && (result.stream().anyMatch(m -> elements.overrides(m, method, root))
                    || overriddenByDefault(method, root));
            if (!overridden) {
                result.add(method);
            }
        }
        for (TypeMirror superType : type.getInterfaces()) {
            collect((TypeElement) ((DeclaredType) superType).asElement(), root, result, seen);
        }
    }

    /** An inherited abstract method that the root interface (or a sub-interface) implements with a default. */
    private boolean overriddenByDefault(ExecutableElement method, TypeElement root) {
        for (Element member : elements.getAllMembers(root)) {
            if (member.getKind() == ElementKind.METHOD && member.getModifiers().contains(Modifier.DEFAULT)
                    && elements.overrides((ExecutableElement) member, method, root)) {
                return true;
            }
        }
        return false;
    }

    private boolean overridesObjectMethod(ExecutableElement method) {
        TypeElement object = elements.getTypeElement("java.lang.Object");
        for (ExecutableElement objectMethod : ElementFilter.methodsIn(object.getEnclosedElements())) {
            if (objectMethod.getSimpleName().equals(method.getSimpleName())
                    && types.isSubsignature((javax.lang.model.type.ExecutableType) method.asType(),
                    (javax.lang.model.type.ExecutableType) objectMethod.asType())) {
                return true;
            }
        }
        return false;
    }

    /** Overloads share a name; their query constants and helpers get distinct ones. */
    private static String uniqueName(String methodName, Set<String> used) {
        String candidate = methodName;
        int suffix = 2;
        while (!used.add(ImplementationWriter.constantName(candidate))) {
            candidate = methodName + suffix++;
        }
        return candidate;
    }

    private static String nestedName(TypeElement type) {
        String qualified = type.getQualifiedName().toString();
        Element current = type;
        while (current.getEnclosingElement().getKind() != ElementKind.PACKAGE) {
            current = current.getEnclosingElement();
        }
        String packageName = elementsPackage(current);
        return packageName.isEmpty() ? qualified : qualified.substring(packageName.length() + 1);
    }

    private static String elementsPackage(Element topLevel) {
        String qualified = ((TypeElement) topLevel).getQualifiedName().toString();
        String simple = topLevel.getSimpleName().toString();
        return qualified.length() == simple.length() ? "" : qualified.substring(0, qualified.length()
                - simple.length() - 1);
    }
}
