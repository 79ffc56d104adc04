package dev.lmql.processor;

import com.palantir.javapoet.ClassName;

/** The runtime types generated code uses, named as strings: the processor does not load the runtime facade. */
final class RuntimeNames {

    static final ClassName LLM = ClassName.get("dev.lmql", "LLM");
    static final ClassName LMQL_QUERY = ClassName.get("dev.lmql", "LmqlQuery");
    static final ClassName QUERY_CALL = ClassName.get("dev.lmql", "QueryCall");
    static final ClassName QUERY_RESULT = ClassName.get("dev.lmql", "QueryResult");
    static final ClassName DISTRIBUTION = ClassName.get("dev.lmql", "Distribution");
    static final String INFERENCE_CERTIFICATE = "dev.lmql.trace.InferenceCertificate";

    private RuntimeNames() {
    }
}
