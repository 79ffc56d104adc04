package dev.lmql.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Removes redact-key values and secret values from a JSON tree; returns a new tree. */
final class Redactor {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Set<String> lowerCaseKeys;
    private final List<String> secrets;
    private final long generation;

    Redactor(Set<String> lowerCaseKeys, List<String> secrets, long generation) {
        this.lowerCaseKeys = lowerCaseKeys;
        this.secrets = secrets;
        this.generation = generation;
    }

    /** The {@link Redaction#generation()} this redactor reflects. */
    long generation() {
        return generation;
    }

    /** The event, redacted with this redactor. */
    CertificateEvent redact(CertificateEvent event) {
        return new CertificateEvent(scrub(event.name()), redact(event.dataView()));
    }

    JsonNode redact(JsonNode node) {
        if (node.isObject()) {
            ObjectNode out = NODES.objectNode();
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String key = scrub(field.getKey());
                if (lowerCaseKeys.contains(field.getKey().toLowerCase(Locale.ROOT))) {
                    out.put(key, Redaction.REMOVED);
                } else {
                    out.set(key, redact(field.getValue()));
                }
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = NODES.arrayNode(node.size());
            for (JsonNode element : node) {
                out.add(redact(element));
            }
            return out;
        }
        if (node.isTextual()) {
            return NODES.textNode(scrub(node.textValue()));
        }
        return node.deepCopy();
    }

    /** Replaces every occurrence of a secret in the text. */
    String scrub(String text) {
        String out = text;
        for (String secret : secrets) {
            if (out.contains(secret)) {
                out = out.replace(secret, Redaction.REMOVED);
            }
        }
        return out;
    }
}
