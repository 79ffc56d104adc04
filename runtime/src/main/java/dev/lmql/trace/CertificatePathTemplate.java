package dev.lmql.trace;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.Optional;

/**
 * A certificate file path with placeholders: {@code {method}} (the query method or trace name) and
 * {@code {timestamp}} (UTC, {@code 20261205T163000.123Z}, safe in file names), e.g.
 * {@code certificates/{method}-{timestamp}.json}. Depends on nothing but the JDK, so the annotation processor's
 * check can mirror {@link #problem(String)} exactly.
 */
public final class CertificatePathTemplate {
    /** Placeholder for the query method or trace name. */
    public static final String METHOD = "{method}";
    /** Placeholder for the time the certificate is written. */
    public static final String TIMESTAMP = "{timestamp}";

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final String template;

    private CertificatePathTemplate(String template) {
        this.template = template;
    }

    /**
     * Parses a template.
     *
     * @throws IllegalArgumentException with the {@link #problem(String) problem} when the template is invalid
     */
    public static CertificatePathTemplate parse(String template) {
        Objects.requireNonNull(template, "template");
        Optional<String> problem = problem(template);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
        return new CertificatePathTemplate(template);
    }

    /** What is wrong with the template (a message naming the cause and the fix), or empty when it is valid. */
    public static Optional<String> problem(String template) {
        if (template == null || template.isBlank()) {
            return Optional.of("certificate path is empty: give a file name such as \"{method}-certificate.json\"");
        }
        if (template.endsWith("/") || template.endsWith("\\")) {
            return Optional.of("certificate path \"" + template + "\" names a directory: add a file name such as"
                    + " \"" + template + "{method}.json\"");
        }
        if (template.indexOf('\0') >= 0) {
            return Optional.of("certificate path contains a NUL character: remove it");
        }
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c == '{') {
                int end = template.indexOf('}', i);
                if (end < 0) {
                    return Optional.of("certificate path \"" + template + "\" has an unclosed '{' at index " + i
                            + ": use {method} or {timestamp}");
                }
                String placeholder = template.substring(i, end + 1);
                if (!placeholder.equals(METHOD) && !placeholder.equals(TIMESTAMP)) {
                    return Optional.of("unknown placeholder " + placeholder + " in certificate path \"" + template
                            + "\": use {method} or {timestamp}");
                }
                i = end + 1;
            } else if (c == '}') {
                return Optional.of("certificate path \"" + template + "\" has an unmatched '}' at index " + i
                        + ": use {method} or {timestamp}");
            } else {
                i++;
            }
        }
        return Optional.empty();
    }

    public String template() {
        return template;
    }

    /** Whether the path depends on the method or the time. */
    public boolean hasPlaceholders() {
        return template.contains(METHOD) || template.contains(TIMESTAMP);
    }

    /**
     * The file for a method at a time. Path separators in the method name are replaced by {@code _} so a name can
     * never leave the template's directory.
     *
     * @throws IllegalArgumentException when the expanded text is not a valid path on this file system
     */
    public Path resolve(String method, Instant when) {
        String safeMethod = method.replaceAll("[/\\\\:*?\"<>|\\x00]", "_");
        String expanded = template.replace(METHOD, safeMethod).replace(TIMESTAMP, STAMP.format(when));
        try {
            return Path.of(expanded);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("certificate path \"" + expanded + "\" is not a valid path here: "
                    + e.getReason(), e);
        }
    }

    @Override
    public String toString() {
        return template;
    }
}
