package dev.lmql.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.Name;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import org.junit.jupiter.api.Test;

/**
 * An exception inside the processor never reaches javac: it becomes an "internal error" diagnostic on the element
 * being processed. Exercised with an element whose model access fails, as a broken compiler plugin could cause.
 */
class ProcessorRobustnessTest {

    @Test
    void exceptionsBecomeInternalErrorDiagnostics() {
        List<String> errors = new ArrayList<>();
        Messager messager = proxy(Messager.class, (method, args) -> {
            if (args[0] == Diagnostic.Kind.ERROR) {
                errors.add((String) args[1]);
            }
            return null;
        });
        ProcessingEnvironment environment = proxy(ProcessingEnvironment.class, (method, args) -> {
            switch (method) {
                case "getMessager": return messager;
                case "getOptions": return Map.of();
                default: return null;
            }
        });
        Element broken = proxy(Element.class, (method, args) -> {
            throw new IllegalStateException("broken element model");
        });
        Name queryName = proxy(Name.class, (method, args) -> method.equals("toString") ? Annotations.QUERY : null);
        TypeElement query = proxy(TypeElement.class, (method, args) -> method.equals("getQualifiedName")
                ? queryName : null);
        RoundEnvironment round = proxy(RoundEnvironment.class, (method, args) ->
                method.equals("getElementsAnnotatedWith") ? Set.of(broken) : null);

        LmqlProcessor processor = new LmqlProcessor();
        processor.init(environment);

        assertThatCode(() -> processor.process(Set.of(query), round)).doesNotThrowAnyException();
        assertThat(errors).singleElement().asString()
                .startsWith("Internal error in lmql-processor: java.lang.IllegalStateException: broken element model");
    }

    /** A minimal dynamic proxy answering by method name. */
    private interface Answer {
        Object answer(String method, Object[] args);
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Answer answer) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (self, method, args) -> answer.answer(method.getName(), args == null ? new Object[0] : args));
    }
}
