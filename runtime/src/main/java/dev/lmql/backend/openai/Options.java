package dev.lmql.backend.openai;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Typed reads of the backend options map, with errors that name the option, the expected type and the value. */
final class Options {
    private final Map<String, Object> values;

    Options(Map<String, Object> values, Set<String> known) {
        this.values = values == null ? Map.of() : values;
        for (String key : this.values.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException("unknown option '" + key + "' for openai models; known options: "
                        + String.join(", ", new TreeSet<>(known)));
            }
        }
    }

    boolean has(String key) {
        return values.get(key) != null;
    }

    String string(String key, String fallback) {
        Object v = values.get(key);
        return v == null ? fallback : v.toString();
    }

    int integer(String key, int fallback) {
        Object v = values.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Number n) {
            return n.intValue();
        }
        try {
            return Integer.parseInt(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option '" + key + "' must be an integer, got '" + v + "'");
        }
    }

    Boolean bool(String key) {
        Object v = values.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        String s = v.toString().trim().toLowerCase(Locale.ROOT);
        if (s.equals("true") || s.equals("false")) {
            return Boolean.parseBoolean(s);
        }
        throw new IllegalArgumentException("option '" + key + "' must be true or false, got '" + v + "'");
    }

    boolean bool(String key, boolean fallback) {
        Boolean b = bool(key);
        return b == null ? fallback : b;
    }

    Duration millis(String key, Duration fallback) {
        return has(key) ? Duration.ofMillis(integer(key, 0)) : fallback;
    }
}
