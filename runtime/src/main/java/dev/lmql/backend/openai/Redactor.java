package dev.lmql.backend.openai;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Removes secrets from headers and text before they reach an event, an exception message or a log. */
final class Redactor {
    static final String REMOVED = "<removed>";
    private static final Set<String> SECRET_HEADERS = Set.of("authorization", "api-key", "openai-organization",
            "openai-project", "x-api-key");

    private final List<String> secrets;

    Redactor(List<String> secrets) {
        this.secrets = List.copyOf(secrets);
    }

    /** The headers with every secret header's value replaced by {@code <removed>}. */
    Map<String, Object> headers(Map<String, String> headers) {
        Map<String, Object> out = new LinkedHashMap<>();
        headers.forEach((k, v) -> out.put(k, SECRET_HEADERS.contains(k.toLowerCase(Locale.ROOT)) ? REMOVED
                : text(v)));
        return out;
    }

    /** The text with every occurrence of a configured secret replaced by {@code <removed>}. */
    String text(String s) {
        if (s == null) {
            return null;
        }
        String out = s;
        for (String secret : secrets) {
            if (out.contains(secret)) {
                out = out.replace(secret, REMOVED);
            }
        }
        return out;
    }
}
