package dev.lmql.trace;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An inference certificate: everything needed to reproduce an inference result — the exact tokenized prompts,
 * generation parameters, model identities, results, metrics and environment — in LMQL's JSON shape
 * ({@code name}, {@code type}, {@code lmql.version}, {@code time}, {@code events}, {@code children},
 * {@code metrics}; child certificates carry no type, version or time). Immutable.
 *
 * <p>{@link #toString()} is the JSON (indented like LMQL's); {@link #parse(String)} reads it back.
 */
public final class InferenceCertificate {
    /** The {@code type} of every top-level certificate. */
    public static final String TYPE = "lmql.InferenceCertificate";
    /** The warning of a certificate for code that ran without tracing (LMQL's text, with Java's names). */
    public static final String UNTRACED_WARNING =
            "Untraced query. Make sure to use Lmql.traced() or certificate = true to trace your queries.";
    /** The name of the event that records the environment of a top-level certificate. */
    public static final String ENVIRONMENT_EVENT = "lmql.Environment";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z");

    private final String name;
    private final boolean root;
    private final String version;
    private final String time;
    private final List<CertificateEvent> events;
    private final List<InferenceCertificate> children;
    private final Map<String, BackendMetrics> metrics;
    private final String warning;

    private InferenceCertificate(String name, boolean root, String version, String time,
            List<CertificateEvent> events, List<InferenceCertificate> children, Map<String, BackendMetrics> metrics,
            String warning) {
        this.name = name;
        this.root = root;
        this.version = version;
        this.time = time;
        this.events = List.copyOf(events);
        this.children = List.copyOf(children);
        this.metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        this.warning = warning;
    }

    /** A top-level certificate made now: records the environment as its first event. */
    static InferenceCertificate root(String name, List<CertificateEvent> events,
            List<InferenceCertificate> children, Map<String, BackendMetrics> metrics) {
        List<CertificateEvent> all = new ArrayList<>(events.size() + 1);
        all.add(new CertificateEvent(ENVIRONMENT_EVENT, JsonValues.toNode(Environment.description())));
        all.addAll(events);
        return new InferenceCertificate(Objects.requireNonNull(name), true, Environment.lmqlVersion(),
                ZonedDateTime.now().format(TIME), all, children, metrics, null);
    }

    static InferenceCertificate parsedRoot(String name, String version, String time, List<CertificateEvent> events,
            List<InferenceCertificate> children, Map<String, BackendMetrics> metrics) {
        return new InferenceCertificate(name, true, version, time, events, children, metrics, null);
    }

    static InferenceCertificate child(String name, List<CertificateEvent> events,
            List<InferenceCertificate> children, Map<String, BackendMetrics> metrics) {
        return new InferenceCertificate(Objects.requireNonNull(name), false, null, null, events, children, metrics,
                null);
    }

    /** LMQL's certificate for code that ran without a tracer: only {@code type} and {@code warning}. */
    public static InferenceCertificate untraced() {
        return untraced(UNTRACED_WARNING);
    }

    static InferenceCertificate untraced(String warning) {
        return new InferenceCertificate("", true, null, null, List.of(), List.of(), Map.of(), warning);
    }

    /**
     * Reads a certificate from its JSON.
     *
     * @throws IllegalArgumentException naming the JSON path and the rule when the text is not a certificate
     */
    public static InferenceCertificate parse(String json) {
        Objects.requireNonNull(json, "json");
        return CertificateJson.parse(json);
    }

    /** The tracer's name: the query method, {@code lmql.generate}, or the {@code Lmql.traced} scope name. */
    public String name() {
        return name;
    }

    /** Whether this is a top-level certificate (with type, version and time). */
    public boolean isRoot() {
        return root;
    }

    /** Whether this is the warning certificate of untraced code. */
    public boolean isUntraced() {
        return warning != null;
    }

    public Optional<String> warning() {
        return Optional.ofNullable(warning);
    }

    /** {@code lmql.version} of a top-level certificate. */
    public Optional<String> version() {
        return Optional.ofNullable(version);
    }

    /** {@code time} of a top-level certificate ({@code yyyy-MM-dd HH:mm:ss +ZZZZ}, local time). */
    public Optional<String> time() {
        return Optional.ofNullable(time);
    }

    /** The events in recording order. */
    public List<CertificateEvent> events() {
        return events;
    }

    /** The events with the given name, in order. */
    public List<CertificateEvent> events(String eventName) {
        List<CertificateEvent> out = new ArrayList<>();
        for (CertificateEvent event : events) {
            if (event.name().equals(eventName)) {
                out.add(event);
            }
        }
        return out;
    }

    /** The child certificates (one per query or nested scope), in the order they started. */
    public List<InferenceCertificate> children() {
        return children;
    }

    /** Per-backend metrics, including all descendants'. */
    public Map<String, BackendMetrics> metrics() {
        return metrics;
    }

    /** Checks internal consistency: results derivable from the recorded calls, metrics adding up, well-formed children. */
    public CertificateCheck verify() {
        return CertificateVerifier.verify(this);
    }

    /** The JSON tree. */
    public JsonNode toJsonTree() {
        return CertificateJson.toTree(this);
    }

    /** The JSON, indented with four spaces like LMQL's. */
    public String toJson() {
        return CertificateJson.toJson(this);
    }

    /** The JSON (so {@code String.valueOf(certificate)} is the certificate, as {@code str(cert)} in LMQL). */
    @Override
    public String toString() {
        return toJson();
    }

    @Override
    public boolean equals(Object o) {
        // compared as text: a parsed number may be an int node where the recorded one was a long node
        return o instanceof InferenceCertificate && ((InferenceCertificate) o).toJson().equals(toJson());
    }

    @Override
    public int hashCode() {
        return toJson().hashCode();
    }
}
