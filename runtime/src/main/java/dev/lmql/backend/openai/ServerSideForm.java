package dev.lmql.backend.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lmql.backend.ModelCapabilities;
import dev.lmql.constraint.TokenConstraint;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A hole's constraint expressed in a server's own constrained-decoding parameters, and how to read the value
 * back from the response. Which form is used depends on the server's capabilities:
 * chat with JSON schema → OpenAI structured outputs ({@code {"value": ...}} with {@code enum} / {@code pattern});
 * vLLM → {@code guided_choice} / {@code guided_regex}; llama.cpp → {@code grammar} (choices) /
 * {@code json_schema} (regex).
 *
 * @param strategy      the name recorded in the result and the event
 * @param params        top-level request parameters (completions)
 * @param responseFormat chat {@code response_format}, or null
 * @param valueKind     how to read the value from the generated text
 */
record ServerSideForm(String strategy, Map<String, Object> params, Map<String, Object> responseFormat,
        ValueKind valueKind) {

    enum ValueKind {
        /** The text is the value. */
        RAW,
        /** The text is a JSON string literal. */
        JSON_STRING,
        /** The text is {@code {"value": ...}}. */
        JSON_OBJECT
    }

    /** The form for this constraint on this server, if it has one. */
    static Optional<ServerSideForm> of(TokenConstraint c, ModelCapabilities caps, ServerKind server) {
        Optional<List<String>> choices = c.choices();
        Optional<String> regex = c.regex();
        if (choices.isEmpty() && regex.isEmpty()) {
            return Optional.empty();
        }
        if (caps.chat()) {
            if (!caps.jsonSchema()) {
                return Optional.empty();
            }
            Map<String, Object> value = new LinkedHashMap<>();
            value.put("type", "string");
            if (choices.isPresent()) {
                value.put("enum", choices.get());
            } else {
                value.put("pattern", anchored(regex.get()));
            }
            Map<String, Object> schema = new LinkedHashMap<>();
            schema.put("type", "object");
            schema.put("properties", Map.of("value", value));
            schema.put("required", List.of("value"));
            schema.put("additionalProperties", false);
            Map<String, Object> jsonSchema = new LinkedHashMap<>();
            jsonSchema.put("name", "value");
            jsonSchema.put("strict", true);
            jsonSchema.put("schema", schema);
            Map<String, Object> format = new LinkedHashMap<>();
            format.put("type", "json_schema");
            format.put("json_schema", jsonSchema);
            return Optional.of(new ServerSideForm("json-schema", Map.of(), format, ValueKind.JSON_OBJECT));
        }
        if (caps.regex() && server == ServerKind.VLLM) {
            return Optional.of(choices.isPresent()
                    ? new ServerSideForm("guided-choice", Map.of("guided_choice", choices.get()), null, ValueKind.RAW)
                    : new ServerSideForm("guided-regex", Map.of("guided_regex", regex.get()), null, ValueKind.RAW));
        }
        if (caps.grammar() && choices.isPresent()) {
            return Optional.of(new ServerSideForm("grammar", Map.of("grammar", gbnfChoice(choices.get())), null,
                    ValueKind.RAW));
        }
        if (caps.jsonSchema() && regex.isPresent() && server == ServerKind.LLAMACPP) {
            Map<String, Object> schema = new LinkedHashMap<>();
            schema.put("type", "string");
            schema.put("pattern", anchored(regex.get()));
            return Optional.of(new ServerSideForm("json-schema", Map.of("json_schema", schema), null,
                    ValueKind.JSON_STRING));
        }
        return Optional.empty();
    }

    /** JSON-schema patterns are ECMA-262 searches; the constraint's regex is a whole-value match. */
    static String anchored(String regex) {
        return "^(?:" + regex + ")$";
    }

    /** A GBNF grammar whose language is exactly the choices: {@code root ::= "a" | "b"}. */
    static String gbnfChoice(List<String> choices) {
        StringBuilder sb = new StringBuilder("root ::= ");
        for (int i = 0; i < choices.size(); i++) {
            if (i > 0) {
                sb.append(" | ");
            }
            sb.append('"');
            choices.get(i).codePoints().forEach(cp -> {
                switch (cp) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    case '\t' -> sb.append("\\t");
                    default -> sb.appendCodePoint(cp);
                }
            });
            sb.append('"');
        }
        return sb.toString();
    }

    /**
     * The value in the generated text.
     *
     * @throws IllegalStateException when the server's output is not of the promised form
     */
    String value(String text) {
        if (valueKind == ValueKind.RAW) {
            return text;
        }
        JsonNode node;
        try {
            node = OpenAiTransport.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException("the server's " + strategy + " output is not JSON: "
                    + OpenAiTransport.excerpt(text));
        }
        if (valueKind == ValueKind.JSON_OBJECT) {
            node = node.get("value");
        }
        if (node == null || node.isNull() || node.isContainerNode()) {
            throw new IllegalStateException("the server's " + strategy + " output has no scalar value: "
                    + OpenAiTransport.excerpt(text));
        }
        return node.isTextual() ? node.asText() : node.toString();
    }
}
