package dev.lmql.processor;

import com.palantir.javapoet.TypeName;

/** One parameter of a query method and what the generated code does with it. */
record ParameterModel(String name, TypeName type, Role role) {

    /** What a parameter is for. */
    enum Role {
        /** Bound by name into the query's arguments ({@code {name}}, {@code in name}). */
        ARGUMENT,
        /** An {@code LLM} that overrides the model for this call. */
        MODEL,
        /** A {@code Consumer<InferenceCertificate>} receiving the call's certificate. */
        CERTIFICATE_CONSUMER
    }
}
