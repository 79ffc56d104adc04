package dev.lmql.backend;

import dev.lmql.tokenizer.Tokenizer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The backend SPI: one loaded (or remote) language model. Implementations are thread-safe.
 *
 * <p>A backend enforces the request's {@link dev.lmql.constraint.TokenConstraint} with the strongest strategy
 * its API allows (see {@link ModelCapabilities}) and reports every model call to the request's
 * {@link dev.lmql.trace.Tracer}.
 */
public interface LanguageModel extends AutoCloseable {

    /** The model id this instance was created from, e.g. {@code random}, {@code local:stories260K.gguf}. */
    String id();

    Tokenizer tokenizer();

    ModelCapabilities capabilities();

    /**
     * Who this model is, for certificates: backend, model id, file SHA-256 for local models, endpoint for HTTP
     * models, engine settings. JSON-compatible values only and never a secret.
     */
    Map<String, Object> identity();

    /** Generates one hole's continuation(s) under the request's constraint. */
    CompletableFuture<List<GeneratedSequence>> generate(GenerationRequest request);

    /**
     * Log-probabilities of each continuation token given the prompt and the tokens before it
     * ({@code result[i] = log p(continuation[i] | prompt + continuation[0..i))}).
     */
    CompletableFuture<float[]> score(ScoreRequest request);

    @Override
    default void close() {
    }
}
