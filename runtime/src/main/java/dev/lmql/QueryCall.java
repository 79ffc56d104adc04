package dev.lmql;

import dev.lmql.trace.InferenceCertificate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One invocation of a query: the general form generated code uses ({@link LmqlQuery#execute(QueryCall)}).
 *
 * @param model               the model, or null for the query's model, else the default model
 * @param args                the arguments for {@code {param}} interpolations and {@code in param} clauses
 * @param certificateConsumer receives the call's certificate, or null
 * @param certificateTarget   null, {@code "stdout"}, or a file path template ({@code {method}}, {@code {timestamp}})
 */
public record QueryCall(LLM model, Map<String, Object> args, Consumer<InferenceCertificate> certificateConsumer,
        String certificateTarget) {

    public QueryCall {
        // arguments may be null-valued, so copy without Map.copyOf
        args = args == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(args));
    }

    /** A call with the arguments and no model override or certificate. */
    public static QueryCall of(Map<String, Object> args) {
        return new QueryCall(null, args, null, null);
    }
}
