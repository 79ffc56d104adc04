package dev.lmql.backend.openai;

import dev.lmql.backend.LanguageModel;
import dev.lmql.backend.ModelProvider;
import dev.lmql.tokenizer.Tokenizer;
import dev.lmql.trace.Redaction;
import dev.lmql.tokenizer.Tokenizers;
import java.util.Map;

/**
 * Creates models for OpenAI, Azure OpenAI and OpenAI-compatible servers.
 *
 * <p>Ids: {@code openai/<model>} (api.openai.com), {@code openai/<model>@http://host:port/v1} (a compatible
 * server such as vLLM or llama.cpp's llama-server), and Azure with the options {@code endpoint},
 * {@code deployment}, {@code api_version} (the {@code api-key} header is used).
 *
 * <p>Options: {@code api_key} (else {@code OPENAI_API_KEY}, or {@code AZURE_OPENAI_API_KEY} for Azure),
 * {@code organization} / {@code project} (else {@code OPENAI_ORG_ID} / {@code OPENAI_PROJECT_ID}),
 * {@code server} ({@code openai | azure | vllm | llamacpp | generic}: which server-side constraint parameters
 * exist), {@code chat} (force the chat or completions API), {@code tokenizer} (a tiktoken encoding name; default:
 * the model's own encoding when OpenAI documents the model, else {@code cl100k_base} — for compatible servers the
 * local tokenizer must match the server's vocabulary for {@code logit_bias} to mean anything),
 * capability overrides {@code logit_bias_limit}, {@code top_logprobs}, {@code echo}, {@code json_schema},
 * {@code regex}, {@code grammar}; {@code prompt_format} ({@code tokens | text}), {@code stream},
 * {@code chunksize} (tokens per speculative request, 32), {@code validate_attempts} (3), {@code max_tokens}
 * (cap for holes without a limit, 1024); timeouts {@code connect_timeout_ms}, {@code first_byte_timeout_ms},
 * {@code event_timeout_ms}; retries {@code max_retries}, {@code retry_initial_ms}, {@code retry_max_ms},
 * {@code retry_budget_ms}; {@code max_concurrent_requests} (32 per model).
 */
public final class OpenAiModelProvider implements ModelProvider {

    @Override
    public boolean supports(String modelId) {
        return modelId != null && modelId.startsWith("openai/");
    }

    @Override
    public LanguageModel create(String modelId, Map<String, Object> options) {
        OpenAiSettings settings = OpenAiSettings.resolve(modelId, options, System::getenv);
        // Certificates scrub these values wherever they appear (e.g. pasted into a prompt).
        Redaction.addSecretValues(settings.secrets().toArray(String[]::new));
        return new OpenAiModel(settings, tokenizerFor(settings), SharedHttp.client(), SharedHttp.timer());
    }

    /** The option's tiktoken encoding, else the model's documented one, else cl100k_base. */
    static Tokenizer tokenizerFor(OpenAiSettings settings) {
        if (settings.tokenizerName() != null) {
            return Tokenizers.tiktoken(settings.tokenizerName());
        }
        try {
            return Tokenizers.forOpenAiModel(settings.model());
        } catch (IllegalArgumentException unknownModel) {
            return Tokenizers.tiktoken("cl100k_base");
        }
    }

    @Override
    public String describeIds() {
        return "openai/<model>, openai/<model>@http://host:port/v1";
    }
}
