package dev.lmql.processor;

import com.palantir.javapoet.TypeName;
import java.util.List;

/**
 * Everything the writer needs for one query method, already validated. Clause strings are empty when absent;
 * {@code where} already contains the constraints implied by the return type.
 */
record QueryMethodModel(
        String methodName,
        String uniqueName,
        List<ParameterModel> parameters,
        boolean varargs,
        TypeName returnType,
        boolean async,
        ResultShape shape,
        String template,
        String where,
        String decoder,
        String distribution,
        String model,
        int maxTokens,
        String certificate) {

    QueryMethodModel {
        parameters = List.copyOf(parameters);
    }
}
