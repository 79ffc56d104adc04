package dev.lmql.backend.openai;

import dev.lmql.backend.ModelCapabilities;
import java.util.Locale;

/**
 * What OpenAI's model families can do, as documented by the API (and by the API's churn: the instruct model lost
 * echo with logprobs; o-series models take neither logprobs nor logit_bias). Compatible servers get defaults per
 * {@link ServerKind}. Everything here can be overridden by options.
 */
final class ModelFamilies {
    /** OpenAI's documented cap on {@code logit_bias} entries. */
    static final int OPENAI_LOGIT_BIAS_LIMIT = 300;

    private ModelFamilies() {
    }

    /** Whether the model is served by the chat completions endpoint. */
    static boolean isChatModel(String model) {
        String m = model.toLowerCase(Locale.ROOT);
        if (isLegacyCompletionModel(m)) {
            return false;
        }
        return m.startsWith("gpt-") || m.startsWith("chatgpt") || isReasoningModel(m);
    }

    static boolean isLegacyCompletionModel(String model) {
        String m = model.toLowerCase(Locale.ROOT);
        return m.endsWith("-instruct") || m.startsWith("gpt-3.5-turbo-instruct") || m.startsWith("davinci")
                || m.startsWith("babbage") || m.startsWith("text-") || m.startsWith("ada") || m.startsWith("curie");
    }

    /** o1, o3, o4-mini ...: no logprobs, no logit_bias, no temperature. */
    static boolean isReasoningModel(String model) {
        String m = model.toLowerCase(Locale.ROOT);
        return m.length() > 1 && m.charAt(0) == 'o' && Character.isDigit(m.charAt(1));
    }

    /** Models with OpenAI structured outputs ({@code response_format: json_schema}). */
    static boolean hasStructuredOutputs(String model) {
        String m = model.toLowerCase(Locale.ROOT);
        if (isReasoningModel(m)) {
            return !m.startsWith("o1-mini") && !m.startsWith("o1-preview");
        }
        return m.startsWith("gpt-4o") || m.startsWith("gpt-4.1") || m.startsWith("gpt-5") || m.startsWith("chatgpt-4o");
    }

    /** Whether the model id names a model that OpenAI itself documents (as opposed to a server's local name). */
    static boolean isKnownOpenAiModel(String model) {
        return isChatModel(model) || isLegacyCompletionModel(model);
    }

    /** Default capabilities of the model on the given server. */
    static ModelCapabilities defaults(String model, ServerKind server, boolean chat) {
        String m = model.toLowerCase(Locale.ROOT);
        switch (server) {
            case OPENAI:
            case AZURE:
                if (chat) {
                    boolean reasoning = isReasoningModel(m);
                    // Chat cannot continue a partial assistant message, so logit_bias is of no use to token-level
                    // strategies: constraints go through structured outputs or validation instead.
                    return new ModelCapabilities(false, 0, reasoning ? 0 : 20, false, true,
                            hasStructuredOutputs(m), false, false);
                }
                boolean instruct = m.contains("instruct");
                return new ModelCapabilities(false, OPENAI_LOGIT_BIAS_LIMIT, 5, !instruct, false, false, false,
                        false);
            case VLLM:
                return new ModelCapabilities(false, Integer.MAX_VALUE, 20, !chat, chat, true, true, false);
            case LLAMACPP:
                return new ModelCapabilities(false, Integer.MAX_VALUE, 20, false, chat, true, false, true);
            default:
                return new ModelCapabilities(false, chat ? 0 : OPENAI_LOGIT_BIAS_LIMIT, chat ? 20 : 5, false, chat,
                        false, false, false);
        }
    }
}
