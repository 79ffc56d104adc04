package dev.lmql.backend;

import java.util.Map;

/**
 * Creates models for one family of model ids (e.g. {@code random}, {@code local:...}, {@code openai/...}).
 * Providers are found with {@link java.util.ServiceLoader}; each backend registers its provider in
 * {@code META-INF/services/dev.lmql.backend.ModelProvider}.
 */
public interface ModelProvider {

    /** Whether this provider handles the id, e.g. {@code id.startsWith("local:")}. */
    boolean supports(String modelId);

    /**
     * Creates (loads or connects) the model. Called lazily on first use.
     *
     * @param options backend options such as {@code seed}, {@code api_key}, {@code threads}
     * @throws IllegalArgumentException when the id or an option is malformed, with a message that names the fix
     */
    LanguageModel create(String modelId, Map<String, Object> options);

    /** The id schemes this provider handles, for error messages (e.g. {@code "local:<file.gguf>"}). */
    String describeIds();
}
