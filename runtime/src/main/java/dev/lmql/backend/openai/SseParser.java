package dev.lmql.backend.openai;

import java.util.function.Consumer;

/**
 * Server-sent events, line by line (the subset OpenAI-style servers use): {@code data:} lines are joined with
 * newlines and dispatched at a blank line; comments ({@code :}) and other fields are ignored.
 */
final class SseParser {
    private final Consumer<String> onData;
    private final StringBuilder data = new StringBuilder();
    private boolean hasData;

    SseParser(Consumer<String> onData) {
        this.onData = onData;
    }

    void line(String line) {
        if (line.isEmpty()) {
            dispatch();
            return;
        }
        if (line.startsWith(":")) {
            return;
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        if (!field.equals("data")) {
            return;
        }
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        if (hasData) {
            data.append('\n');
        }
        data.append(value);
        hasData = true;
    }

    /** Data of an event that the stream ended before its terminating blank line, or null. */
    String pending() {
        return hasData ? data.toString() : null;
    }

    private void dispatch() {
        if (!hasData) {
            return;
        }
        String d = data.toString();
        data.setLength(0);
        hasData = false;
        onData.accept(d);
    }
}
