package dev.lmql.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A validator for the part of JSON Schema 2020-12 that docs/certificate.schema.json uses: type, const, enum,
 * required, properties, additionalProperties, items, minLength, minimum, pattern, allOf, anyOf, oneOf, if/then,
 * boolean schemas and local $ref. Any other keyword makes it fail loudly, so the schema cannot silently outgrow it.
 */
public final class JsonSchemaSubset {
    private static final java.util.Set<String> KNOWN = java.util.Set.of("$schema", "$id", "$defs", "title",
            "description", "type", "const", "enum", "required", "properties", "additionalProperties", "items",
            "minLength", "minimum", "pattern", "allOf", "anyOf", "oneOf", "if", "then", "$ref");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final JsonNode root;

    private JsonSchemaSubset(JsonNode root) {
        this.root = root;
    }

    /** The certificate schema from docs/, found from the module directory upwards. */
    public static JsonSchemaSubset certificateSchema() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("docs/certificate.schema.json");
            if (Files.isRegularFile(candidate)) {
                try {
                    return new JsonSchemaSubset(MAPPER.readTree(candidate.toFile()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        throw new IllegalStateException("docs/certificate.schema.json not found above " + Path.of("").toAbsolutePath());
    }

    /** The violations of the instance, each with its JSON path; empty when valid. */
    List<String> validate(JsonNode instance) {
        List<String> errors = new ArrayList<>();
        check(root, instance, "$", errors);
        return errors;
    }

    public List<String> validate(String json) {
        try {
            return validate(MAPPER.readTree(json));
        } catch (IOException e) {
            return List.of("$ not JSON: " + e.getMessage());
        }
    }

    private void check(JsonNode schema, JsonNode value, String path, List<String> errors) {
        if (schema.isBoolean()) {
            if (!schema.booleanValue()) {
                errors.add(path + " is not allowed here");
            }
            return;
        }
        Iterator<String> keywords = schema.fieldNames();
        while (keywords.hasNext()) {
            String keyword = keywords.next();
            if (!KNOWN.contains(keyword)) {
                throw new IllegalStateException("schema keyword " + keyword + " is not supported by this validator");
            }
        }
        if (schema.has("$ref")) {
            check(resolve(schema.get("$ref").asText()), value, path, errors);
        }
        if (schema.has("type") && !typeMatches(schema.get("type"), value)) {
            errors.add(path + " must be of type " + schema.get("type") + " but is " + value.getNodeType());
            return;
        }
        if (schema.has("const") && !schema.get("const").equals(value)) {
            errors.add(path + " must be " + schema.get("const"));
        }
        if (schema.has("enum")) {
            boolean found = false;
            for (JsonNode option : schema.get("enum")) {
                found |= option.equals(value);
            }
            if (!found) {
                errors.add(path + " must be one of " + schema.get("enum"));
            }
        }
        if (value.isTextual()) {
            if (schema.has("minLength") && value.textValue().length() < schema.get("minLength").asInt()) {
                errors.add(path + " must have at least " + schema.get("minLength") + " characters");
            }
            if (schema.has("pattern") && !Pattern.compile(schema.get("pattern").asText()).matcher(value.textValue()).find()) {
                errors.add(path + " must match " + schema.get("pattern").asText());
            }
        }
        if (value.isNumber() && schema.has("minimum") && value.doubleValue() < schema.get("minimum").doubleValue()) {
            errors.add(path + " must be >= " + schema.get("minimum"));
        }
        if (value.isObject()) {
            checkObject(schema, value, path, errors);
        }
        if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                check(schema.get("items"), value.get(i), path + "[" + i + "]", errors);
            }
        }
        if (schema.has("allOf")) {
            for (JsonNode sub : schema.get("allOf")) {
                check(sub, value, path, errors);
            }
        }
        if (schema.has("anyOf")) {
            int matches = countMatches(schema.get("anyOf"), value, path);
            if (matches == 0) {
                errors.add(path + " matches none of anyOf");
            }
        }
        if (schema.has("oneOf")) {
            int matches = countMatches(schema.get("oneOf"), value, path);
            if (matches != 1) {
                List<String> detail = new ArrayList<>();
                for (JsonNode sub : schema.get("oneOf")) {
                    List<String> subErrors = new ArrayList<>();
                    check(sub, value, path, subErrors);
                    detail.add(subErrors.toString());
                }
                errors.add(path + " must match exactly one of oneOf, matches " + matches + ": " + detail);
            }
        }
        if (schema.has("if")) {
            List<String> ifErrors = new ArrayList<>();
            check(schema.get("if"), value, path, ifErrors);
            if (ifErrors.isEmpty() && schema.has("then")) {
                check(schema.get("then"), value, path, errors);
            }
        }
    }

    private void checkObject(JsonNode schema, JsonNode value, String path, List<String> errors) {
        for (JsonNode required : schema.path("required")) {
            if (!value.has(required.asText())) {
                errors.add(path + " is missing required \"" + required.asText() + "\"");
            }
        }
        JsonNode properties = schema.path("properties");
        Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String fieldPath = path + "." + field.getKey();
            if (properties.has(field.getKey())) {
                check(properties.get(field.getKey()), field.getValue(), fieldPath, errors);
            } else if (schema.has("additionalProperties")) {
                check(schema.get("additionalProperties"), field.getValue(), fieldPath, errors);
            }
        }
    }

    private int countMatches(JsonNode schemas, JsonNode value, String path) {
        int matches = 0;
        for (JsonNode sub : schemas) {
            List<String> subErrors = new ArrayList<>();
            check(sub, value, path, subErrors);
            if (subErrors.isEmpty()) {
                matches++;
            }
        }
        return matches;
    }

    private JsonNode resolve(String ref) {
        if (!ref.startsWith("#/")) {
            throw new IllegalStateException("only local $ref are supported, got " + ref);
        }
        JsonNode node = root;
        for (String part : ref.substring(2).split("/")) {
            node = node.path(part);
        }
        if (node.isMissingNode()) {
            throw new IllegalStateException("unresolvable $ref " + ref);
        }
        return node;
    }

    private static boolean typeMatches(JsonNode type, JsonNode value) {
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (typeMatches(t, value)) {
                    return true;
                }
            }
            return false;
        }
        switch (type.asText()) {
            case "object":
                return value.isObject();
            case "array":
                return value.isArray();
            case "string":
                return value.isTextual();
            case "integer":
                return value.isIntegralNumber() || (value.isNumber() && value.doubleValue() == Math.rint(value.doubleValue()));
            case "number":
                return value.isNumber();
            case "boolean":
                return value.isBoolean();
            case "null":
                return value.isNull();
            default:
                throw new IllegalStateException("unknown type " + type);
        }
    }
}
