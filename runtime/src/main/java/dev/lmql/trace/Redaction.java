package dev.lmql.trace;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What certificates never contain. Process-wide (the one documented piece of static state besides the default
 * model): values under a redact key are replaced by {@value #REMOVED}, and every occurrence of a registered
 * secret value, in any string anywhere in an event, is replaced by {@value #REMOVED}.
 *
 * <p>Keys are matched case-insensitively and only as keys: a prompt that merely contains the word
 * "Authorization" is kept. Redaction happens when an event is recorded, so secrets never reach memory-held
 * certificates, files or callbacks; events recorded before a key or secret was added (e.g. a query description
 * recorded before its model registered its credentials) are redacted again before any certificate is made.
 */
public final class Redaction {

    /** The replacement text, as in LMQL. */
    public static final String REMOVED = "<removed>";

    /** The keys redacted by default. */
    public static final List<String> DEFAULT_KEYS =
            List.of("Authorization", "api-key", "OpenAI-Organization", "OpenAI-Project", "x-api-key");

    /** Environment variables whose values are secrets wherever they appear. */
    static final List<String> SECRET_ENVIRONMENT_VARIABLES = List.of("OPENAI_API_KEY", "LMQL_OPENAI_SECRET",
            "LMQL_OPENAI_ORG", "OPENAI_ORG_ID", "OPENAI_PROJECT_ID", "AZURE_OPENAI_API_KEY");

    /** Shorter secrets would wipe ordinary words out of prompts. */
    static final int MIN_SECRET_LENGTH = 4;

    private static final Set<String> EXTRA_KEYS = new CopyOnWriteArraySet<>();
    private static final Set<String> SECRETS = new CopyOnWriteArraySet<>();
    /** Grows whenever a key or secret is added, so recorders can redact earlier events again. */
    private static final AtomicLong GENERATION = new AtomicLong();

    static {
        for (String variable : SECRET_ENVIRONMENT_VARIABLES) {
            String value = System.getenv(variable);
            if (value != null && value.strip().length() >= MIN_SECRET_LENGTH) {
                SECRETS.add(value.strip());
            }
        }
    }

    private Redaction() {
    }

    /**
     * Adds keys whose values are removed from every certificate recorded from now on (LMQL's
     * {@code add_extra_redact_keys}). Matching ignores case.
     *
     * @throws IllegalArgumentException if a key is null or blank
     */
    public static void addExtraRedactKeys(String... keys) {
        for (String key : keys) {
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("a redact key must be a non-blank name such as \"X-My-Token\"");
            }
            if (EXTRA_KEYS.add(key.strip())) {
                GENERATION.incrementAndGet();
            }
        }
    }

    /**
     * Registers secret values (API keys, tokens) that are removed wherever they occur in recorded events. Backends
     * register the credentials they are configured with.
     *
     * @throws IllegalArgumentException if a value is shorter than 4 characters: redacting it would damage
     *                                  ordinary text, so such a value cannot be protected this way
     */
    public static void addSecretValues(String... values) {
        for (String value : values) {
            if (value == null || value.strip().length() < MIN_SECRET_LENGTH) {
                throw new IllegalArgumentException("a secret value to redact must have at least " + MIN_SECRET_LENGTH
                        + " characters; shorter ones would wipe ordinary words out of prompts");
            }
            if (SECRETS.add(value.strip())) {
                GENERATION.incrementAndGet();
            }
        }
    }

    /** The keys currently redacted: the defaults followed by the extra keys, in the order they were added. */
    public static List<String> redactKeys() {
        Set<String> all = new LinkedHashSet<>(DEFAULT_KEYS);
        all.addAll(EXTRA_KEYS);
        return List.copyOf(all);
    }

    /** Changes whenever a redact key or secret is added. */
    static long generation() {
        return GENERATION.get();
    }

    /** The redactor for the keys and secrets registered right now. */
    static Redactor current() {
        long generation = GENERATION.get();
        Set<String> lowerKeys = new LinkedHashSet<>();
        for (String key : redactKeys()) {
            lowerKeys.add(key.toLowerCase(Locale.ROOT));
        }
        List<String> secrets = new ArrayList<>(SECRETS);
        // longest first, so a secret that contains another one is removed as a whole
        secrets.sort((a, b) -> Integer.compare(b.length(), a.length()));
        return new Redactor(Collections.unmodifiableSet(lowerKeys), List.copyOf(secrets), generation);
    }
}
