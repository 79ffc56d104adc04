package dev.lmql.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.JavaFile;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.FilerException;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;

/**
 * The LMQL annotation processor: checks every {@code @Query} interface and writes its implementation
 * {@code <Interface>Lmql}. This class only orchestrates: find interfaces → validate into an immutable model →
 * write. Every failure becomes a diagnostic; no exception reaches javac.
 */
@AutoService(Processor.class)
public final class LmqlProcessor extends AbstractProcessor {

    /** Interfaces whose signatures named types javac had not resolved yet; retried in the next round. */
    private final Set<String> deferred = new TreeSet<>();

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return Set.of(Annotations.QUERY, Annotations.DEFAULTS);
    }

    @Override
    public Set<String> getSupportedOptions() {
        return Set.of(ModelIdCheck.OPTION);
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        Reporter reporter = new Reporter(processingEnv.getMessager());
        InterfaceValidator validator = new InterfaceValidator(processingEnv.getElementUtils(),
                processingEnv.getTypeUtils(), reporter, new ModelIdCheck(extraSchemes()));
        Set<TypeElement> interfaces = interfaces(annotations, round, reporter);
        for (String name : deferred) {
            TypeElement retry = processingEnv.getElementUtils().getTypeElement(name);
            if (retry != null) {
                interfaces.add(retry);
            }
        }
        deferred.clear();
        for (TypeElement iface : interfaces) {
            if (ErrorTypes.inSignatures(iface)) {
                deferred.add(iface.getQualifiedName().toString());
                continue;
            }
            try {
                Optional<InterfaceModel> model = validator.validate(iface);
                if (model.isPresent()) {
                    write(new ImplementationWriter(model.get(), generatedAnnotationAvailable()).write());
                }
            } catch (FilerException e) {
                reporter.report(Diagnostics.cannotWriteImplementation(
                        GeneratedNames.implementationName(iface).canonicalName(), e.getMessage()), Site.of(iface));
            } catch (RuntimeException | IOException e) {
                reporter.report(Diagnostics.internalError(e), Site.of(iface));
            }
        }
        return false;
    }

    /** The interfaces to implement, sorted by name for deterministic output; misplaced annotations reported. */
    private Set<TypeElement> interfaces(Set<? extends TypeElement> annotations, RoundEnvironment round,
                                        Reporter reporter) {
        TreeMap<String, TypeElement> found = new TreeMap<>();
        for (TypeElement annotation : annotations) {
            for (Element element : round.getElementsAnnotatedWith(annotation)) {
                try {
                    Element type = element.getKind() == ElementKind.METHOD ? element.getEnclosingElement() : element;
                    if (type.getKind() != ElementKind.INTERFACE) {
                        Problem problem = element.getKind() == ElementKind.METHOD
                                ? Diagnostics.queryOutsideInterface(element.getSimpleName().toString(),
                                        type.getSimpleName().toString())
                                : Diagnostics.defaultsOutsideInterface(type.getSimpleName().toString());
                        reporter.report(problem, annotationSite(element, annotation));
                        continue;
                    }
                    TypeElement iface = (TypeElement) type;
                    found.put(iface.getQualifiedName().toString(), iface);
                } catch (RuntimeException e) {
                    reporter.report(Diagnostics.internalError(e), Site.of(element));
                }
            }
        }
        return new LinkedHashSet<>(found.values());
    }

    private static Site annotationSite(Element element, TypeElement annotation) {
        return Annotations.find(element, annotation.getQualifiedName().toString())
                .map(mirror -> new Site(element, mirror, null))
                .orElse(Site.of(element));
    }

    private void write(JavaFile file) throws IOException {
        file.writeTo(processingEnv.getFiler());
    }

    private boolean generatedAnnotationAvailable() {
        return processingEnv.getElementUtils().getTypeElement("javax.annotation.processing.Generated") != null;
    }

    private Set<String> extraSchemes() {
        String option = processingEnv.getOptions().get(ModelIdCheck.OPTION);
        if (option == null || option.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(option.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .collect(Collectors.toSet());
    }
}
