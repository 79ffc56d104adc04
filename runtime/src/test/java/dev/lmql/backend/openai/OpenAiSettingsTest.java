package dev.lmql.backend.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lmql.testing.TestSecrets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenAiSettingsTest {
    private static final Map<String, String> ENV = Map.of("OPENAI_API_KEY", TestSecrets.OPENAI_API_KEY);

    private static OpenAiSettings resolve(String id, Map<String, Object> options) {
        return OpenAiSettings.resolve(id, options, ENV::get);
    }

    @Test
    void openAiCompletionModelUsesApiOpenAiComWithEnvironmentKey() {
        OpenAiSettings s = resolve("openai/davinci-002", Map.of());
        assertThat(s.endpointUrl()).isEqualTo("https://api.openai.com/v1/completions");
        assertThat(s.apiKey()).isEqualTo(TestSecrets.OPENAI_API_KEY);
        assertThat(s.chat()).isFalse();
        assertThat(s.capabilities().logitBiasLimit()).isEqualTo(300);
        assertThat(s.capabilities().topLogprobs()).isEqualTo(5);
        assertThat(s.capabilities().echo()).isTrue();
        assertThat(s.promptAsTokens()).isTrue();
    }

    @Test
    void instructModelHasNoEchoAndChatModelsHaveStructuredOutputs() {
        assertThat(resolve("openai/gpt-3.5-turbo-instruct", Map.of()).capabilities().echo()).isFalse();
        OpenAiSettings chat = resolve("openai/gpt-4o-mini", Map.of());
        assertThat(chat.chat()).isTrue();
        assertThat(chat.endpointUrl()).isEqualTo("https://api.openai.com/v1/chat/completions");
        assertThat(chat.capabilities().jsonSchema()).isTrue();
        assertThat(chat.capabilities().topLogprobs()).isEqualTo(20);
        assertThat(resolve("openai/gpt-4", Map.of()).capabilities().jsonSchema()).isFalse();
        assertThat(resolve("openai/o3-mini", Map.of()).capabilities().topLogprobs()).isZero();
    }

    @Test
    void compatibleServerNeedsNoKeyAndTakesOverrides() {
        OpenAiSettings s = OpenAiSettings.resolve("openai/stories@http://localhost:8080/v1/",
                Map.of("server", "llamacpp", "logit_bias_limit", 50, "echo", "true"), k -> null);
        assertThat(s.endpointUrl()).isEqualTo("http://localhost:8080/v1/completions");
        assertThat(s.apiKey()).isNull();
        assertThat(s.server()).isEqualTo(ServerKind.LLAMACPP);
        assertThat(s.capabilities().grammar()).isTrue();
        assertThat(s.capabilities().logitBiasLimit()).isEqualTo(50);
        assertThat(s.capabilities().echo()).isTrue();
        assertThat(s.promptAsTokens()).isFalse();
    }

    @Test
    void azureUsesDeploymentUrlAndApiVersion() {
        OpenAiSettings s = OpenAiSettings.resolve("openai/gpt-4o", Map.of("endpoint",
                "https://res.openai.azure.com", "deployment", "my-4o", "api_version", "2024-06-01",
                "api_key", TestSecrets.OPENAI_API_KEY), k -> null);
        assertThat(s.server()).isEqualTo(ServerKind.AZURE);
        assertThat(s.endpointUrl()).isEqualTo(
                "https://res.openai.azure.com/openai/deployments/my-4o/chat/completions?api-version=2024-06-01");
    }

    @Test
    void errorsNameTheFix() {
        assertThatThrownBy(() -> OpenAiSettings.resolve("openai/gpt-4o", Map.of(), k -> null))
                .hasMessageContaining("OPENAI_API_KEY").hasMessageContaining("api_key");
        assertThatThrownBy(() -> resolve("openai/gpt-4o", Map.of("temprature", 1)))
                .hasMessageContaining("unknown option 'temprature'").hasMessageContaining("max_retries");
        assertThatThrownBy(() -> resolve("openai/x@localhost:8080", Map.of()))
                .hasMessageContaining("openai/<model>@http(s)://host:port/v1");
        assertThatThrownBy(() -> resolve("openai/gpt-4o", Map.of("max_retries", "many")))
                .hasMessageContaining("'max_retries' must be an integer");
        assertThatThrownBy(() -> resolve("openai/gpt-4o", Map.of("server", "tgi")))
                .hasMessageContaining("openai, azure, vllm, llamacpp, generic");
        assertThatThrownBy(() -> OpenAiSettings.resolve("openai/gpt-4o", Map.of("api_type", "azure"), k -> null))
                .hasMessageContaining("endpoint");
    }

    @Test
    void retryPolicyBacksOffWithinBudgetAndHonoursRetryAfter() {
        RetryPolicy p = new RetryPolicy(3, Duration.ofMillis(100), Duration.ofMillis(1000), Duration.ofMillis(2000));
        assertThat(p.delayMillis(1, -1, 0)).isBetween(50L, 100L);
        assertThat(p.delayMillis(3, -1, 0)).isBetween(200L, 400L);
        assertThat(p.delayMillis(4, -1, 0)).isEqualTo(-1);
        assertThat(p.delayMillis(1, 1500, 0)).isEqualTo(1500);
        assertThat(p.delayMillis(1, 1500, 1000)).as("past the budget").isEqualTo(-1);
    }
}
