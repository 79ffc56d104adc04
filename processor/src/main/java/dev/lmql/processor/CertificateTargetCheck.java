package dev.lmql.processor;

import java.nio.file.InvalidPathException;
import java.nio.file.Paths;
import java.util.List;
import java.util.Optional;

/**
 * Checks the syntax of a certificate target: {@code ""}/{@code "false"} (none), {@code "stdout"}/{@code "true"}
 * (print it), or a portable file path whose only placeholders are {@code {method}} and {@code {timestamp}}.
 * Deliberately mirrors the runtime's rule without importing it (the processor may only depend on
 * {@code dev.lmql.lang}).
 */
final class CertificateTargetCheck {

    static final List<String> PLACEHOLDERS = List.of("method", "timestamp");
    private static final String NOT_PORTABLE = "<>\"|?*";

    private CertificateTargetCheck() {
    }

    /** Empty when {@code target} is valid, otherwise the reason it is not. */
    static Optional<String> problem(String target) {
        if (target.isEmpty() || target.equalsIgnoreCase("stdout") || target.equalsIgnoreCase("true")
                || target.equalsIgnoreCase("false")) {
            return Optional.empty();
        }
        if (target.isBlank()) {
            return Optional.of("it is blank");
        }
        if (!target.equals(target.strip())) {
            return Optional.of("it starts or ends with whitespace");
        }
        if (target.endsWith("/") || target.endsWith("\\")) {
            return Optional.of("it names a directory, not a file");
        }
        StringBuilder expanded = new StringBuilder();
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (Character.isISOControl(c)) {
                return Optional.of("it contains the control character U+" + String.format("%04X", (int) c));
            }
            if (NOT_PORTABLE.indexOf(c) >= 0) {
                return Optional.of("it contains '" + c + "', which is not allowed in file names on every system");
            }
            if (c == '}') {
                return Optional.of("'}' at position " + (i + 1) + " closes no placeholder");
            }
            if (c == '{') {
                int close = target.indexOf('}', i);
                if (close < 0) {
                    return Optional.of("'{' at position " + (i + 1) + " is not closed by '}'");
                }
                String name = target.substring(i + 1, close);
                if (!PLACEHOLDERS.contains(name)) {
                    String hint = Suggestions.closest(name, PLACEHOLDERS)
                            .map(s -> ", did you mean {" + s + "}?").orElse("");
                    return Optional.of("unknown placeholder {" + name + "}" + hint
                            + " (known: {method}, {timestamp})");
                }
                expanded.append(name);
                i = close;
                continue;
            }
            expanded.append(c);
        }
        try {
            Paths.get(expanded.toString());
        } catch (InvalidPathException e) {
            return Optional.of(e.getReason());
        }
        return Optional.empty();
    }
}
