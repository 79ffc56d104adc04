package dev.lmql.backend.openai;

import java.util.List;

/**
 * A completed (possibly streamed) response, assembled from all its chunks.
 *
 * @param choices one per {@code index}, in index order
 * @param usage   token accounting when the server reported it, else null
 */
record WireResponse(List<Choice> choices, Usage usage) {

    /**
     * @param text         the generated text (completions {@code text}, chat {@code message.content} / deltas)
     * @param tokens       per-token logprobs, when requested and returned
     * @param finishReason {@code stop}, {@code length}, ... or null if the server sent none
     * @param stopReason   vLLM's {@code stop_reason}: the matched stop string, when a string
     * @param refusal      a chat model's refusal text, or null
     */
    record Choice(int index, String text, List<WireToken> tokens, String finishReason, String stopReason,
            String refusal) {
    }

    record Usage(long promptTokens, long completionTokens, long totalTokens) {
    }
}
