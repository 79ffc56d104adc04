package dev.lmql.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class CertificatePropertiesTest {
    /** Registered once; never a substring of the generated words below (they use no digits). */
    private static final String SECRET = "prop-secret-4711-value";

    static {
        Redaction.addSecretValues(SECRET);
    }

    @Property(tries = 60)
    void aSecretPlacedAnywhereNeverReachesTheCertificate(@ForAll("documents") Map<String, Object> data,
            @ForAll("paths") List<Integer> path) {
        Map<String, Object> withSecret = plant(data, path);
        TraceRecorder recorder = TraceRecorder.root("p");
        recorder.event("x.custom", withSecret);

        assertThat(recorder.certificate().toJson()).doesNotContain(SECRET);
    }

    @Property(tries = 60)
    void dataWithoutSecretsOrRedactKeysIsKeptExactlyAndRoundTrips(@ForAll("documents") Map<String, Object> data) {
        TraceRecorder recorder = TraceRecorder.root("p");
        recorder.event("x.custom", data);
        InferenceCertificate certificate = recorder.certificate();

        assertThat(recorder.events().get(0).data()).isEqualTo(JsonValues.toNode(data));
        assertThat(InferenceCertificate.parse(certificate.toJson())).isEqualTo(certificate);
        assertThat(JsonSchemaSubset.certificateSchema().validate(certificate.toJson())).isEmpty();
    }

    @Provide
    Arbitrary<Map<String, Object>> documents() {
        Arbitrary<Object> leaf = Arbitraries.oneOf(words().map(w -> (Object) w),
                Arbitraries.integers().map(i -> (Object) i), Arbitraries.of(true, false).map(b -> (Object) b));
        Arbitrary<Object> list = leaf.list().ofMaxSize(4).map(l -> (Object) l);
        Arbitrary<Object> inner = Arbitraries.maps(words(), Arbitraries.oneOf(leaf, list)).ofMaxSize(4)
                .map(m -> (Object) m);
        return Arbitraries.maps(words(), Arbitraries.oneOf(leaf, list, inner)).ofMinSize(1).ofMaxSize(5)
                .map(LinkedHashMap::new);
    }

    @Provide
    Arbitrary<List<Integer>> paths() {
        return Arbitraries.integers().between(0, 10).list().ofMinSize(1).ofMaxSize(3);
    }

    /** Words without digits, never a redact key: keys and values that must survive unchanged. */
    private static Arbitrary<String> words() {
        return Arbitraries.strings().withChars("abcdefghij -_.:/é\"{}").ofMinLength(1).ofMaxLength(12)
                .filter(w -> !Redaction.redactKeys().stream().anyMatch(k -> k.equalsIgnoreCase(w)));
    }

    /** A copy of the data with the secret inside some string (value or key) chosen by the path. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> plant(Map<String, Object> data, List<Integer> path) {
        Map<String, Object> copy = new LinkedHashMap<>(data);
        List<String> keys = new ArrayList<>(copy.keySet());
        String key = keys.get(path.get(0) % keys.size());
        Object value = copy.get(key);
        if (path.size() > 1 && value instanceof Map && !((Map<?, ?>) value).isEmpty()) {
            copy.put(key, plant(new LinkedHashMap<>((Map<String, Object>) value), path.subList(1, path.size())));
        } else if (path.get(0) % 3 == 0) {
            copy.remove(key);
            copy.put(key + SECRET, value);
        } else {
            copy.put(key, "before " + SECRET + " after " + value);
        }
        return copy;
    }
}
