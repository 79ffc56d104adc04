package dev.lmql.processor;

import com.palantir.javapoet.ClassName;
import java.util.List;
import javax.lang.model.element.TypeElement;

/**
 * A validated {@code @Query} interface: the interface, the name of its generated implementation and its
 * query methods in declaration order.
 */
record InterfaceModel(TypeElement element, ClassName interfaceName, ClassName implementationName,
                      List<QueryMethodModel> methods) {

    InterfaceModel {
        methods = List.copyOf(methods);
    }
}
