package dev.lmql.backend;

import dev.lmql.constraint.TokenConstraint;
import dev.lmql.trace.Tracer;
import java.util.List;
import java.util.Objects;

/**
 * One hole to fill.
 *
 * @param promptTokens the exact prompt as token ids (including BOS where the model uses one)
 * @param promptText   the same prompt as text (for APIs that take text)
 * @param messages     the prompt as chat messages (for chat APIs); empty when the prompt has no role tags
 * @param constraint   the hole's constraint
 * @param sampling     decoding parameters
 * @param maxTokens    at most this many tokens (null: until EOS or the model's context ends)
 * @param tracer       where the backend reports each model call
 * @param chunkSize    tokens per speculative request for HTTP backends (the decoder's {@code chunksize}); null: the
 *                     backend's default. Backends that compute logits themselves ignore it.
 * @param tokenListener hears each sequence's tokens as they are accepted ({@link TokenListener#NONE}: nobody
 *                      listens); backends that copy a request must pass it on
 */
public record GenerationRequest(int[] promptTokens, String promptText, List<ChatMessage> messages,
        TokenConstraint constraint, SamplingParams sampling, Integer maxTokens, Tracer tracer, Integer chunkSize,
        TokenListener tokenListener) {

    /** A request nobody listens to while it generates. */
    public GenerationRequest(int[] promptTokens, String promptText, List<ChatMessage> messages,
            TokenConstraint constraint, SamplingParams sampling, Integer maxTokens, Tracer tracer, Integer chunkSize) {
        this(promptTokens, promptText, messages, constraint, sampling, maxTokens, tracer, chunkSize,
                TokenListener.NONE);
    }

    /** A request with the backend's default chunk size. */
    public GenerationRequest(int[] promptTokens, String promptText, List<ChatMessage> messages,
            TokenConstraint constraint, SamplingParams sampling, Integer maxTokens, Tracer tracer) {
        this(promptTokens, promptText, messages, constraint, sampling, maxTokens, tracer, null, TokenListener.NONE);
    }

    /** The same request heard by another token listener. */
    public GenerationRequest withTokenListener(TokenListener listener) {
        return new GenerationRequest(promptTokens, promptText, messages, constraint, sampling, maxTokens, tracer,
                chunkSize, listener);
    }

    public GenerationRequest {
        Objects.requireNonNull(promptTokens, "promptTokens");
        Objects.requireNonNull(promptText, "promptText");
        messages = List.copyOf(messages);
        Objects.requireNonNull(constraint, "constraint");
        Objects.requireNonNull(sampling, "sampling");
        tracer = tracer == null ? Tracer.NONE : tracer;
        tokenListener = tokenListener == null ? TokenListener.NONE : tokenListener;
        if (chunkSize != null && chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize must be >= 1, got " + chunkSize);
        }
    }
}
