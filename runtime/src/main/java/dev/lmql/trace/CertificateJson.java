package dev.lmql.trace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes and reads the certificate JSON in LMQL's shape (Python's {@code json.dumps(indent=4)} layout). */
final class CertificateJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final ObjectWriter PRETTY;

    static {
        DefaultIndenter indenter = new DefaultIndenter("    ", "\n");
        Separators separators = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator("");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withObjectIndenter(indenter)
                .withArrayIndenter(indenter)
                .withSeparators(separators);
        PRETTY = MAPPER.writer(printer);
    }

    private CertificateJson() {
    }

    static String pretty(JsonNode node) {
        try {
            return PRETTY.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot serialise a JSON tree", e);
        }
    }

    /** A tree that owns copies of the event data, safe to hand out. */
    static ObjectNode toTree(InferenceCertificate certificate) {
        return toTree(certificate, true);
    }

    /** The JSON text; shares the (immutable) event data instead of copying it. */
    static String toJson(InferenceCertificate certificate) {
        return pretty(toTree(certificate, false));
    }

    private static ObjectNode toTree(InferenceCertificate certificate, boolean copy) {
        ObjectNode out = NODES.objectNode();
        if (certificate.isUntraced()) {
            out.put("type", InferenceCertificate.TYPE);
            out.put("warning", certificate.warning().orElseThrow());
            return out;
        }
        out.put("name", certificate.name());
        if (certificate.isRoot()) {
            out.put("type", InferenceCertificate.TYPE);
            out.put("lmql.version", certificate.version().orElseThrow());
            out.put("time", certificate.time().orElseThrow());
        }
        if (!certificate.events().isEmpty()) {
            ArrayNode events = out.putArray("events");
            for (CertificateEvent event : certificate.events()) {
                ObjectNode e = events.addObject();
                e.put("name", event.name());
                e.set("data", copy ? event.dataView().deepCopy() : event.dataView());
            }
        }
        if (!certificate.children().isEmpty()) {
            ArrayNode children = out.putArray("children");
            for (InferenceCertificate child : certificate.children()) {
                children.add(toTree(child, copy));
            }
        }
        if (!certificate.metrics().isEmpty()) {
            ObjectNode metrics = out.putObject("metrics");
            for (Map.Entry<String, BackendMetrics> entry : certificate.metrics().entrySet()) {
                ObjectNode m = metrics.putObject(entry.getKey());
                m.set("requests", count(entry.getValue().requests()));
                m.set("batch_size", count(entry.getValue().batchSize()));
                m.set("tokens", count(entry.getValue().tokens()));
            }
        }
        return out;
    }

    /** An int node when the count fits, as a parser would read it back. */
    private static JsonNode count(long value) {
        return value == (int) value ? NODES.numberNode((int) value) : NODES.numberNode(value);
    }

    static InferenceCertificate parse(String json) {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not an inference certificate: the text is not valid JSON ("
                    + e.getOriginalMessage() + " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")", e);
        }
        if (tree == null || !tree.isObject()) {
            throw new IllegalArgumentException("not an inference certificate: expected a JSON object at $");
        }
        if (!tree.has("name") && tree.has("warning")) {
            if (!InferenceCertificate.TYPE.equals(tree.path("type").asText())) {
                throw invalid("$.type", "must be \"" + InferenceCertificate.TYPE + "\"");
            }
            return InferenceCertificate.untraced(text(tree, "warning", "$"));
        }
        if (!InferenceCertificate.TYPE.equals(tree.path("type").asText(null))) {
            throw invalid("$.type", "must be \"" + InferenceCertificate.TYPE
                    + "\" (a top-level certificate; child certificates cannot be parsed on their own)");
        }
        return parseNode(tree, "$", true);
    }

    private static InferenceCertificate parseNode(JsonNode node, String path, boolean root) {
        if (!node.isObject()) {
            throw invalid(path, "must be a JSON object");
        }
        String name = text(node, "name", path);
        List<CertificateEvent> events = new ArrayList<>();
        JsonNode eventNodes = node.path("events");
        if (!eventNodes.isMissingNode()) {
            if (!eventNodes.isArray()) {
                throw invalid(path + ".events", "must be an array");
            }
            for (int i = 0; i < eventNodes.size(); i++) {
                JsonNode event = eventNodes.get(i);
                String eventPath = path + ".events[" + i + "]";
                if (!event.isObject() || !event.has("data")) {
                    throw invalid(eventPath, "must be an object with \"name\" and \"data\"");
                }
                events.add(new CertificateEvent(text(event, "name", eventPath), event.get("data")));
            }
        }
        List<InferenceCertificate> children = new ArrayList<>();
        JsonNode childNodes = node.path("children");
        if (!childNodes.isMissingNode()) {
            if (!childNodes.isArray()) {
                throw invalid(path + ".children", "must be an array");
            }
            for (int i = 0; i < childNodes.size(); i++) {
                String childPath = path + ".children[" + i + "]";
                if (childNodes.get(i).has("type")) {
                    throw invalid(childPath, "a child certificate has no \"type\", \"lmql.version\" or \"time\"");
                }
                children.add(parseNode(childNodes.get(i), childPath, false));
            }
        }
        Map<String, BackendMetrics> metrics = parseMetrics(node.path("metrics"), path + ".metrics");
        if (root) {
            return InferenceCertificate.parsedRoot(name, text(node, "lmql.version", path), text(node, "time", path),
                    events, children, metrics);
        }
        return InferenceCertificate.child(name, events, children, metrics);
    }

    private static Map<String, BackendMetrics> parseMetrics(JsonNode node, String path) {
        Map<String, BackendMetrics> metrics = new LinkedHashMap<>();
        if (node.isMissingNode()) {
            return metrics;
        }
        if (!node.isObject()) {
            throw invalid(path, "must be an object of backend name -> {requests, batch_size, tokens}");
        }
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String backendPath = path + "." + field.getKey();
            JsonNode m = field.getValue();
            metrics.put(field.getKey(), new BackendMetrics(count(m, "requests", backendPath),
                    count(m, "batch_size", backendPath), count(m, "tokens", backendPath)));
        }
        return metrics;
    }

    private static long count(JsonNode node, String field, String path) {
        JsonNode value = node.path(field);
        if (!value.isIntegralNumber() || value.asLong() < 0) {
            throw invalid(path + "." + field, "must be a non-negative integer");
        }
        return value.asLong();
    }

    private static String text(JsonNode node, String field, String path) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw invalid(path + "." + field, "must be a string");
        }
        return value.textValue();
    }

    private static IllegalArgumentException invalid(String path, String rule) {
        return new IllegalArgumentException("not an inference certificate: " + path + " " + rule);
    }
}
