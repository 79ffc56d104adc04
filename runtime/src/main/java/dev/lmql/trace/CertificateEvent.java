package dev.lmql.trace;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One recorded event of a certificate: a model call (e.g. {@code random.generate}, {@code openai.Completion}),
 * a query description ({@code lmql.Query}) or a result ({@code lmql.LMQLResult}). The data is already redacted.
 *
 * @param name the event name
 * @param data the event's JSON data; a private copy (the accessor returns a copy too, so events stay immutable)
 */
public record CertificateEvent(String name, JsonNode data) {

    public CertificateEvent {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(data, "data");
        data = data.deepCopy();
    }

    @Override
    public JsonNode data() {
        return data.deepCopy();
    }

    /** The data without copying, for read-only use inside this package. */
    JsonNode dataView() {
        return data;
    }
}
