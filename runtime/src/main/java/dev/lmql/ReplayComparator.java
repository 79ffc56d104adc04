package dev.lmql;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lmql.VerificationReport.CallCheck;
import dev.lmql.VerificationReport.Status;
import dev.lmql.trace.CertificateEvent;
import dev.lmql.trace.InferenceCertificate;
import dev.lmql.trace.TraceEvents;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares the model calls and results of a recorded certificate node with those of its replay: pairs the calls in
 * order and reports, per call, whether model, prompt tokens, parameters and result tokens are identical.
 */
final class ReplayComparator {
    /** How many tokens from the first difference on a check shows. */
    static final int SHOWN_TOKENS = 16;
    /** Identity keys that name where a model lives rather than what it is. */
    private static final Set<String> LOCATION_KEYS = Set.of("path", "file", "threads", "mmap");

    private ReplayComparator() {
    }

    /** A model-call event with its path in the certificate. */
    record Call(String path, CertificateEvent event) {
    }

    static List<CallCheck> compareCalls(List<Call> recorded, List<Call> replayed) {
        List<CallCheck> out = new ArrayList<>();
        for (int i = 0; i < Math.max(recorded.size(), replayed.size()); i++) {
            if (i >= replayed.size()) {
                Call r = recorded.get(i);
                out.add(new CallCheck(r.path(), r.event().name(), Status.MISSING, -1, List.of(), List.of(),
                        "the replay made only " + replayed.size() + " model call(s)"));
            } else if (i >= recorded.size()) {
                Call r = replayed.get(i);
                out.add(new CallCheck("replay " + r.path(), r.event().name(), Status.EXTRA, -1, List.of(), List.of(),
                        "the certificate records only " + recorded.size() + " model call(s)"));
            } else {
                out.add(compare(recorded.get(i), replayed.get(i)));
            }
        }
        return out;
    }

    static CallCheck compare(Call recorded, Call replayed) {
        String path = recorded.path();
        String name = recorded.event().name();
        if (!name.equals(replayed.event().name())) {
            return different(path, name, "the replay made a " + replayed.event().name() + " call instead");
        }
        JsonNode expected = recorded.event().data();
        JsonNode actual = replayed.event().data();
        String modelDifference = modelDifference(expected.path("model"), actual.path("model"));
        if (modelDifference != null) {
            return different(path, name, modelDifference);
        }
        JsonNode expectedIds = expected.path("kwargs").path("ids");
        JsonNode actualIds = actual.path("kwargs").path("ids");
        int promptDifference = firstDifference(expectedIds, actualIds);
        if (promptDifference >= 0) {
            return new CallCheck(path, name, Status.DIFFERENT, promptDifference, tokensFrom(expectedIds,
                    promptDifference), tokensFrom(actualIds, promptDifference),
                    "the prompt tokens differ: the replay diverged before this call");
        }
        String parameterDifference = parameterDifference(expected.path("kwargs"), actual.path("kwargs"));
        if (parameterDifference != null) {
            return different(path, name, parameterDifference);
        }
        List<JsonNode> expectedResults = results(expected);
        List<JsonNode> actualResults = results(actual);
        if (expectedResults.size() != actualResults.size()) {
            return different(path, name, "expected " + expectedResults.size() + " result sequence(s), the replay returned "
                    + actualResults.size());
        }
        for (int s = 0; s < expectedResults.size(); s++) {
            JsonNode e = expectedResults.get(s);
            JsonNode a = actualResults.get(s);
            int d = firstDifference(e, a);
            if (d >= 0) {
                String which = expectedResults.size() > 1 ? "result sequence " + s + " differs" : "the result differs";
                return new CallCheck(path, name, Status.DIFFERENT, d, tokensFrom(e, d), tokensFrom(a, d), which
                        + (e.isArray() ? "" : ": expected text \"" + excerpt(e, d) + "\", got \"" + excerpt(a, d) + "\""));
            }
        }
        return new CallCheck(path, name, Status.REPRODUCED, -1, List.of(), List.of(), "");
    }

    /** The result variables of the two runs, when they differ. */
    static String resultDifference(InferenceCertificate recorded, InferenceCertificate replayed) {
        List<CertificateEvent> expected = recorded.events(TraceEvents.RESULT);
        List<CertificateEvent> actual = replayed.events(TraceEvents.RESULT);
        if (expected.isEmpty()) {
            return null;
        }
        if (actual.isEmpty()) {
            return "the replay recorded no " + TraceEvents.RESULT + " event";
        }
        JsonNode e = expected.get(expected.size() - 1).data();
        JsonNode a = actual.get(actual.size() - 1).data();
        if (!sameValue(e, a)) {
            return "the result differs: expected " + e + ", got " + a;
        }
        return null;
    }

    /** The model-call events of the node and its descendants, own events first, in order. */
    static List<Call> modelCalls(InferenceCertificate node, String path) {
        List<Call> out = new ArrayList<>();
        collect(node, path, out);
        return out;
    }

    private static void collect(InferenceCertificate node, String path, List<Call> out) {
        for (int i = 0; i < node.events().size(); i++) {
            CertificateEvent e = node.events().get(i);
            if (TraceEvents.isModelCall(e.name())) {
                out.add(new Call(path + ".events[" + i + "]", e));
            }
        }
        for (int i = 0; i < node.children().size(); i++) {
            collect(node.children().get(i), path + ".children[" + i + "]", out);
        }
    }

    private static CallCheck different(String path, String name, String detail) {
        return new CallCheck(path, name, Status.DIFFERENT, -1, List.of(), List.of(), detail);
    }

    private static String modelDifference(JsonNode expected, JsonNode actual) {
        if (expected.isObject() && actual.isObject() && expected.has("sha256") && actual.has("sha256")) {
            return expected.get("sha256").equals(actual.get("sha256")) ? null
                    : "a different model file: expected sha256 " + expected.get("sha256").asText() + ", found "
                    + actual.get("sha256").asText();
        }
        if (expected.isObject() && actual.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = expected.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                if (!LOCATION_KEYS.contains(f.getKey()) && !sameValue(f.getValue(), actual.path(f.getKey()))) {
                    return "a different model: " + f.getKey() + " was " + f.getValue() + ", is " + actual.path(f.getKey());
                }
            }
            return null;
        }
        return sameValue(expected, actual) ? null : "a different model: expected " + expected + ", got " + actual;
    }

    private static String parameterDifference(JsonNode expected, JsonNode actual) {
        // argmax draws nothing: a seed recorded with it (backends pick a fresh one) does not matter
        boolean greedy = isZero(expected.path("temperature")) && isZero(actual.path("temperature"));
        Iterator<Map.Entry<String, JsonNode>> fields = expected.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (f.getKey().equals("ids") || (greedy && f.getKey().equals("seed"))) {
                continue;
            }
            if (!sameValue(f.getValue(), actual.path(f.getKey()))) {
                String hint = f.getKey().equals("seed") ? " (sampling without a fixed seed draws fresh randomness:"
                        + " give the decoder a seed, e.g. sample(temperature=0.7, seed=1), to make it reproducible)" : "";
                return "the parameter " + f.getKey() + " was " + f.getValue() + ", the replay used "
                        + (actual.has(f.getKey()) ? actual.get(f.getKey()).toString() : "none") + hint;
            }
        }
        return null;
    }

    private static boolean isZero(JsonNode number) {
        return number.isNumber() && number.doubleValue() == 0.0;
    }

    /** The compared sequences: token lists of {@code result[]}, a numeric {@code result}, or texts {@code result[i]}. */
    private static List<JsonNode> results(JsonNode data) {
        List<JsonNode> out = new ArrayList<>();
        JsonNode result = data.path("result");
        if (result.isArray() && result.size() > 0 && result.get(0).isObject()) {
            for (JsonNode r : result) {
                out.add(r.has("tokens") ? r.get("tokens") : r);
            }
        } else if (result.isArray() || result.isTextual()) {
            out.add(result);
        }
        Iterator<String> names = data.fieldNames();
        while (names.hasNext()) {
            String field = names.next();
            if (field.startsWith("result[")) {
                out.add(data.get(field));
            }
        }
        return out;
    }

    /** The first index where the sequences (arrays or texts) differ, or -1 when they are equal. */
    static int firstDifference(JsonNode expected, JsonNode actual) {
        if (expected.isArray() && actual.isArray()) {
            int n = Math.min(expected.size(), actual.size());
            for (int i = 0; i < n; i++) {
                if (!sameValue(expected.get(i), actual.get(i))) {
                    return i;
                }
            }
            return expected.size() == actual.size() ? -1 : n;
        }
        if (expected.isTextual() && actual.isTextual()) {
            String e = expected.textValue();
            String a = actual.textValue();
            int n = Math.min(e.length(), a.length());
            for (int i = 0; i < n; i++) {
                if (e.charAt(i) != a.charAt(i)) {
                    return i;
                }
            }
            return e.length() == a.length() ? -1 : n;
        }
        return sameValue(expected, actual) ? -1 : 0;
    }

    private static List<Integer> tokensFrom(JsonNode sequence, int from) {
        List<Integer> out = new ArrayList<>();
        if (!sequence.isArray()) {
            return out;
        }
        for (int i = from; i < sequence.size() && out.size() < SHOWN_TOKENS; i++) {
            if (sequence.get(i).isIntegralNumber()) {
                out.add(sequence.get(i).intValue());
            }
        }
        return out;
    }

    private static String excerpt(JsonNode text, int from) {
        String s = text.asText();
        return s.substring(Math.min(from, s.length()), Math.min(s.length(), from + 40));
    }

    /** JSON equality where 1, 1L and 1.0 are the same number (a parsed certificate may widen or narrow them). */
    static boolean sameValue(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!sameValue(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isObject() && b.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            Iterator<Map.Entry<String, JsonNode>> fields = a.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                if (!b.has(f.getKey()) || !sameValue(f.getValue(), b.get(f.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }
}
