package dev.lmql.trace;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks a certificate against itself: each result's variables must come from the recorded calls' result texts
 * and appear in the result's prompt; metrics must add up over events and children; events must be well-formed.
 */
final class CertificateVerifier {
    private final List<String> problems = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    private CertificateVerifier() {
    }

    static CertificateCheck verify(InferenceCertificate certificate) {
        CertificateVerifier verifier = new CertificateVerifier();
        if (certificate.isUntraced()) {
            verifier.notes.add("untraced certificate: nothing was recorded, so nothing can be checked");
        } else {
            verifier.check(certificate, "$");
        }
        return new CertificateCheck(verifier.problems, verifier.notes);
    }

    private void check(InferenceCertificate certificate, String path) {
        checkResults(certificate, path);
        checkMetrics(certificate, path);
        for (int i = 0; i < certificate.children().size(); i++) {
            InferenceCertificate child = certificate.children().get(i);
            String childPath = path + ".children[" + i + "]";
            if (child.isRoot()) {
                problems.add(childPath + " is marked as a top-level certificate inside another certificate");
            }
            check(child, childPath);
        }
    }

    private void checkResults(InferenceCertificate certificate, String path) {
        List<CertificateEvent> results = certificate.events(TraceEvents.RESULT);
        if (results.isEmpty()) {
            return;
        }
        String generated = generatedText(certificate);
        boolean hasCalls = generated != null;
        for (int e = 0; e < certificate.events().size(); e++) {
            CertificateEvent event = certificate.events().get(e);
            if (!event.name().equals(TraceEvents.RESULT)) {
                continue;
            }
            String eventPath = path + ".events[" + e + "]";
            JsonNode data = event.dataView();
            if (!data.isArray()) {
                problems.add(eventPath + ".data must be a list of results");
                continue;
            }
            for (int r = 0; r < data.size(); r++) {
                checkResult(data.get(r), eventPath + ".data[" + r + "]", generated, hasCalls);
            }
        }
    }

    private void checkResult(JsonNode result, String path, String generated, boolean hasCalls) {
        if (!result.isObject() || !result.path("prompt").isTextual() || !result.path("variables").isObject()) {
            // LMQL records non-LMQLResult return values as they are; nothing to derive then
            notes.add(path + " is not a {prompt, variables} result; not checked");
            return;
        }
        String prompt = result.get("prompt").textValue();
        String distributionVariable = result.path("distribution_variable").asText("");
        Iterator<Map.Entry<String, JsonNode>> variables = result.get("variables").fields();
        while (variables.hasNext()) {
            Map.Entry<String, JsonNode> variable = variables.next();
            String name = variable.getKey();
            if (name.equals(distributionVariable) || name.startsWith("P(") || name.startsWith("log P(")) {
                continue;
            }
            JsonNode value = variable.getValue();
            if (value.isNull() || value.isContainerNode()) {
                continue;
            }
            String text = value.asText().strip();
            if (text.isEmpty()) {
                continue;
            }
            if (!prompt.contains(text)) {
                problems.add(path + ".variables." + name + " = \"" + text + "\" does not occur in the result's prompt");
            }
            if (!hasCalls) {
                notes.add(path + ".variables." + name + " not checked against model calls: no call records its result text");
            } else if (!generated.contains(text)) {
                problems.add(path + ".variables." + name + " = \"" + text
                        + "\" is not derivable from the recorded model calls' results");
            }
        }
    }

    /** All result texts of the model calls in this certificate and its descendants, in order; null when none. */
    private static String generatedText(InferenceCertificate certificate) {
        StringBuilder out = new StringBuilder();
        boolean[] any = {false};
        collectTexts(certificate, out, any);
        return any[0] ? out.toString() : null;
    }

    private static void collectTexts(InferenceCertificate certificate, StringBuilder out, boolean[] any) {
        for (CertificateEvent event : certificate.events()) {
            if (!TraceEvents.isModelCall(event.name())) {
                continue;
            }
            JsonNode data = event.dataView();
            for (JsonNode r : data.path("result")) {
                if (r.path("text").isTextual()) {
                    out.append(r.get("text").textValue());
                    any[0] = true;
                }
            }
            // LMQL's openai.Completion layout: result[0], result[1], ... hold the texts
            Iterator<String> names = data.fieldNames();
            while (names.hasNext()) {
                String field = names.next();
                if (field.startsWith("result[") && data.get(field).isTextual()) {
                    out.append(data.get(field).textValue());
                    any[0] = true;
                }
            }
        }
        for (InferenceCertificate child : certificate.children()) {
            collectTexts(child, out, any);
        }
    }

    private void checkMetrics(InferenceCertificate certificate, String path) {
        Map<String, BackendMetrics> expected = new LinkedHashMap<>();
        for (InferenceCertificate child : certificate.children()) {
            child.metrics().forEach((backend, m) -> expected.merge(backend, m, BackendMetrics::plus));
        }
        boolean allCallsCarryUsage = true;
        for (CertificateEvent event : certificate.events()) {
            if (!TraceEvents.isModelCall(event.name())) {
                continue;
            }
            JsonNode usage = event.dataView().path("usage");
            if (!usage.isObject()) {
                allCallsCarryUsage = false;
                continue;
            }
            expected.merge(usage.path("backend").asText(), new BackendMetrics(usage.path("requests").asLong(),
                    usage.path("batch_size").asLong(), usage.path("tokens").asLong()), BackendMetrics::plus);
        }
        Set<String> backends = new TreeSet<>(expected.keySet());
        backends.addAll(certificate.metrics().keySet());
        for (String backend : backends) {
            BackendMetrics want = expected.getOrDefault(backend, BackendMetrics.ZERO);
            BackendMetrics have = certificate.metrics().getOrDefault(backend, BackendMetrics.ZERO);
            if (allCallsCarryUsage && !want.equals(have)) {
                problems.add(path + ".metrics." + backend + " is " + describe(have)
                        + " but its events and children add up to " + describe(want));
            } else if (!allCallsCarryUsage && (have.requests() < want.requests()
                    || have.batchSize() < want.batchSize() || have.tokens() < want.tokens())) {
                problems.add(path + ".metrics." + backend + " is " + describe(have)
                        + ", less than its events and children add up to (" + describe(want) + ")");
            }
        }
        if (!allCallsCarryUsage) {
            notes.add(path + ": some model calls record no usage; metrics checked only against children");
        }
    }

    private static String describe(BackendMetrics m) {
        return "{requests=" + m.requests() + ", batch_size=" + m.batchSize() + ", tokens=" + m.tokens() + "}";
    }
}
