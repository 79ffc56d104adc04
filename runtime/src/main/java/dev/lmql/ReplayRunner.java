package dev.lmql;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lmql.trace.InferenceCertificate;
import dev.lmql.trace.Redaction;
import dev.lmql.trace.TraceContext;
import dev.lmql.trace.TraceScope;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the call an {@code lmql.Query} event describes again, through the public facade, in a separate tracing scope,
 * and returns the new run's certificate node. Understands the three forms the facade records: a query
 * ({@code template, where, decoder, distribution, model, model_options, arguments}), a {@code generate} call
 * ({@code prompt, max_tokens, options, model, model_options}) and a {@code score} call
 * ({@code prompt, values, model, model_options}).
 */
final class ReplayRunner {
    private ReplayRunner() {
    }

    static InferenceCertificate rerun(String name, JsonNode query, LLM override) {
        // a fresh instance: the given model's in-memory cache would answer from memory instead of re-running
        LLM llm = override != null ? Lmql.model(override.id(), override.options()) : model(query);
        try (TraceScope scope = TraceContext.openRoot("lmql.replay")) {
            if (query.hasNonNull("template")) {
                LmqlQuery q = LmqlQuery.of(query.get("template").asText())
                        .where(text(query, "where"))
                        .decoder(text(query, "decoder"))
                        .distribution(text(query, "distribution"))
                        .name(name);
                Map<String, Object> args = strings(query.path("arguments"));
                args.putAll(strings(query.path("accessed_arguments")));
                q.runAll(llm, args);
            } else if (query.hasNonNull("prompt") && query.has("values")) {
                List<String> values = new ArrayList<>();
                query.get("values").forEach(v -> values.add(v.asText()));
                llm.scoreSync(query.get("prompt").asText(), values);
            } else if (query.hasNonNull("prompt")) {
                Integer maxTokens = query.path("max_tokens").isIntegralNumber() ? query.get("max_tokens").intValue() : null;
                llm.generateAllSync(query.get("prompt").asText(), maxTokens,
                        GenerateOptions.fromMap(values(query.path("options"))));
            } else {
                throw new IllegalArgumentException("the lmql.Query event has neither a template nor a prompt: " + query);
            }
            List<InferenceCertificate> runs = scope.certificate().children();
            if (runs.size() != 1) {
                throw new IllegalStateException("re-running made " + runs.size() + " traced calls instead of one");
            }
            return runs.get(0);
        }
    }

    /** The recorded model: same id and options (redacted options are left out, so credentials come from the environment). */
    private static LLM model(JsonNode query) {
        JsonNode model = query.path("model");
        if (!model.isTextual()) {
            throw new IllegalArgumentException("the lmql.Query event names no model id");
        }
        Map<String, Object> options = values(query.path("model_options"));
        options.values().removeIf(Redaction.REMOVED::equals);
        return Lmql.model(model.asText(), options);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? value.asText() : null;
    }

    private static Map<String, Object> strings(JsonNode object) {
        Map<String, Object> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            out.put(f.getKey(), f.getValue().isArray() ? texts(f.getValue()) : text(f.getValue()));
        }
        return out;
    }

    /** A list argument (for {@code X in param}) as the texts of its elements. */
    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(e -> out.add(text(e)));
        return out;
    }

    private static String text(JsonNode value) {
        return value.isTextual() ? value.asText() : value.toString();
    }

    /** JSON values as Java values; numbers and booleans that were recorded as strings become numbers and booleans. */
    private static Map<String, Object> values(JsonNode object) {
        Map<String, Object> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            out.put(f.getKey(), value(f.getValue()));
        }
        return out;
    }

    private static Object value(JsonNode node) {
        if (node.isIntegralNumber()) {
            return node.longValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        String text = node.asText();
        if (text.matches("-?\\d{1,18}")) {
            return Long.parseLong(text);
        }
        if (text.matches("-?\\d+\\.\\d+([eE][-+]?\\d+)?")) {
            return Double.parseDouble(text);
        }
        if (text.equals("true") || text.equals("false")) {
            return Boolean.parseBoolean(text);
        }
        return text;
    }
}
