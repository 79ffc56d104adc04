package dev.lmql.testing;

import java.util.List;

/**
 * The fake credentials tests use. {@code CertificateSecretScanTest} fails when any of them appears in a file the
 * test suite leaves under {@code target/} (certificates, logs), so use exactly these values for keys in tests.
 */
public final class TestSecrets {
    /** A fake OpenAI API key. */
    public static final String OPENAI_API_KEY = "sk-test-SECRET-4f1c2e9a7b3d";
    /** A fake OpenAI organization id. */
    public static final String OPENAI_ORGANIZATION = "org-test-SECRET-8d2a61";
    /** A fake OpenAI project id. */
    public static final String OPENAI_PROJECT = "proj-test-SECRET-5e07b3";
    /** A fake key for other servers (x-api-key / api-key headers). */
    public static final String OTHER_API_KEY = "test-SECRET-apikey-93c1";

    /** The part every fake secret shares; any occurrence in an output file is a leak. */
    public static final String MARKER = "test-SECRET";

    private TestSecrets() {
    }

    public static List<String> all() {
        return List.of(OPENAI_API_KEY, OPENAI_ORGANIZATION, OPENAI_PROJECT, OTHER_API_KEY);
    }
}
