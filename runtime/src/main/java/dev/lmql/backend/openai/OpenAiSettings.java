package dev.lmql.backend.openai;

import dev.lmql.backend.ModelCapabilities;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Everything one OpenAI(-compatible) model needs, resolved from its id, the options and the environment.
 *
 * @param modelId          the full id, e.g. {@code openai/gpt-4o} or {@code openai/llama@http://localhost:8080/v1}
 * @param model            the model name sent to the API
 * @param baseUrl          e.g. {@code https://api.openai.com/v1}; for Azure the resource endpoint
 * @param server           who answers
 * @param chat             chat completions (true) or completions (false)
 * @param azureDeployment  Azure deployment name (Azure only)
 * @param azureApiVersion  Azure {@code api-version} query parameter (Azure only)
 * @param apiKey           the secret, or null for servers without authentication
 * @param organization     {@code OpenAI-Organization} header value, or null
 * @param project          {@code OpenAI-Project} header value, or null
 * @param tokenizerName    tiktoken encoding name requested by option, or null for the model's default
 * @param capabilities     what the API can do (family defaults, overridden by options)
 * @param promptAsTokens   send completion prompts as token ids (exact) rather than text
 * @param stream           use server-sent events
 * @param chunkSize        tokens per speculative request
 * @param validateAttempts attempts of the validate-and-retry strategy
 * @param defaultMaxTokens cap for holes without a token limit (the completions API defaults to 16 otherwise)
 * @param timeouts         connect / first byte / between events
 * @param retry            retry policy
 * @param maxConcurrent    requests of this model in flight at once
 */
record OpenAiSettings(String modelId, String model, String baseUrl, ServerKind server, boolean chat,
        String azureDeployment, String azureApiVersion, String apiKey, String organization, String project,
        String tokenizerName, ModelCapabilities capabilities, boolean promptAsTokens, boolean stream, int chunkSize,
        int validateAttempts, int defaultMaxTokens, Timeouts timeouts, RetryPolicy retry, int maxConcurrent) {

    static final String OPENAI_BASE_URL = "https://api.openai.com/v1";
    static final String DEFAULT_AZURE_API_VERSION = "2024-10-21";

    static final Set<String> KNOWN_OPTIONS = Set.of("api_key", "organization", "project", "endpoint", "api_type",
            "deployment", "api_version", "server", "chat", "tokenizer", "logit_bias_limit", "top_logprobs", "echo",
            "json_schema", "regex", "grammar", "prompt_format", "stream", "chunksize", "validate_attempts",
            "max_tokens", "connect_timeout_ms", "first_byte_timeout_ms", "event_timeout_ms", "max_retries",
            "retry_initial_ms", "retry_max_ms", "retry_budget_ms", "max_concurrent_requests");

    /** Secrets to scrub from anything this model writes (events, errors, logs). */
    List<String> secrets() {
        return java.util.stream.Stream.of(apiKey, organization, project).filter(s -> s != null && !s.isBlank())
                .toList();
    }

    /**
     * Resolves an id like {@code openai/<model>} or {@code openai/<model>@<base-url>} with options and environment.
     *
     * @throws IllegalArgumentException for malformed ids or options, naming the fix
     */
    static OpenAiSettings resolve(String modelId, Map<String, Object> rawOptions, Function<String, String> env) {
        if (!modelId.startsWith("openai/") || modelId.length() == "openai/".length()) {
            throw new IllegalArgumentException("'" + modelId + "' is not an openai model id; use openai/<model> or "
                    + "openai/<model>@http://host:port/v1");
        }
        Options o = new Options(rawOptions, KNOWN_OPTIONS);
        String rest = modelId.substring("openai/".length());
        String model = rest;
        String baseUrl = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            model = rest.substring(0, at);
            baseUrl = rest.substring(at + 1);
            if (model.isEmpty() || !(baseUrl.startsWith("http://") || baseUrl.startsWith("https://"))) {
                throw new IllegalArgumentException("'" + modelId + "': expected openai/<model>@http(s)://host:port/v1"
                        + " (the base URL of an OpenAI-compatible server, up to and including /v1)");
            }
        }
        String endpoint = o.string("endpoint", null);
        boolean azure = "azure".equalsIgnoreCase(o.string("api_type", ""))
                || o.has("deployment") || (endpoint != null && endpoint.contains(".openai.azure.com"))
                || (o.has("server") && ServerKind.parse(o.string("server", "")) == ServerKind.AZURE);
        if (o.has("api_type") && !azure && !"openai".equalsIgnoreCase(o.string("api_type", ""))) {
            throw new IllegalArgumentException("option 'api_type' is '" + o.string("api_type", "")
                    + "'; use openai or azure");
        }
        ServerKind server;
        if (azure) {
            server = ServerKind.AZURE;
            baseUrl = endpoint != null ? endpoint : baseUrl != null ? baseUrl : env.apply("AZURE_OPENAI_ENDPOINT");
            if (baseUrl == null) {
                throw new IllegalArgumentException("Azure model '" + modelId + "' needs option 'endpoint' (e.g. "
                        + "https://<resource>.openai.azure.com) or the AZURE_OPENAI_ENDPOINT environment variable");
            }
        } else {
            if (endpoint != null) {
                baseUrl = endpoint;
            }
            server = o.has("server") ? ServerKind.parse(o.string("server", ""))
                    : baseUrl == null ? ServerKind.OPENAI : ServerKind.GENERIC;
            if (baseUrl == null) {
                baseUrl = OPENAI_BASE_URL;
            }
        }
        baseUrl = stripTrailingSlash(baseUrl);

        boolean chat = o.bool("chat", ModelFamilies.isChatModel(model));
        String apiKey = o.string("api_key", null);
        if (apiKey == null) {
            apiKey = server == ServerKind.AZURE ? firstNonNull(env.apply("AZURE_OPENAI_API_KEY"),
                    env.apply("OPENAI_API_KEY")) : server == ServerKind.OPENAI ? env.apply("OPENAI_API_KEY") : null;
        }
        if (apiKey != null && apiKey.isBlank()) {
            apiKey = null;
        }
        if (apiKey == null && (server == ServerKind.OPENAI || server == ServerKind.AZURE)) {
            throw new IllegalArgumentException("no API key for '" + modelId + "': set the "
                    + (server == ServerKind.AZURE ? "AZURE_OPENAI_API_KEY" : "OPENAI_API_KEY")
                    + " environment variable or pass the option api_key");
        }
        String organization = o.string("organization", server == ServerKind.OPENAI ? env.apply("OPENAI_ORG_ID") : null);
        String project = o.string("project", server == ServerKind.OPENAI ? env.apply("OPENAI_PROJECT_ID") : null);

        ModelCapabilities d = ModelFamilies.defaults(model, server, chat);
        ModelCapabilities caps = new ModelCapabilities(false,
                o.integer("logit_bias_limit", d.logitBiasLimit()), o.integer("top_logprobs", d.topLogprobs()),
                o.bool("echo", d.echo()), chat, o.bool("json_schema", d.jsonSchema()), o.bool("regex", d.regex()),
                o.bool("grammar", d.grammar()));
        if (caps.logitBiasLimit() < 0 || caps.topLogprobs() < 0) {
            throw new IllegalArgumentException("options 'logit_bias_limit' and 'top_logprobs' must be >= 0");
        }
        String promptFormat = o.string("prompt_format",
                server == ServerKind.OPENAI || server == ServerKind.AZURE ? "tokens" : "text");
        if (!promptFormat.equals("tokens") && !promptFormat.equals("text")) {
            throw new IllegalArgumentException("option 'prompt_format' is '" + promptFormat + "'; use tokens or text");
        }
        int chunk = o.integer("chunksize", 32);
        int attempts = o.integer("validate_attempts", 3);
        int maxTokens = o.integer("max_tokens", 1024);
        int concurrent = o.integer("max_concurrent_requests", 32);
        if (chunk < 1 || attempts < 1 || maxTokens < 1 || concurrent < 1) {
            throw new IllegalArgumentException("options 'chunksize', 'validate_attempts', 'max_tokens' and "
                    + "'max_concurrent_requests' must be >= 1");
        }
        Timeouts t = new Timeouts(o.millis("connect_timeout_ms", Timeouts.DEFAULT.connect()),
                o.millis("first_byte_timeout_ms", Timeouts.DEFAULT.firstByte()),
                o.millis("event_timeout_ms", Timeouts.DEFAULT.betweenEvents()));
        RetryPolicy r = new RetryPolicy(o.integer("max_retries", RetryPolicy.DEFAULT.maxRetries()),
                o.millis("retry_initial_ms", RetryPolicy.DEFAULT.initialDelay()),
                o.millis("retry_max_ms", RetryPolicy.DEFAULT.maxDelay()),
                o.millis("retry_budget_ms", RetryPolicy.DEFAULT.budget()));
        return new OpenAiSettings(modelId, model, baseUrl, server, chat,
                server == ServerKind.AZURE ? o.string("deployment", model) : null,
                server == ServerKind.AZURE ? o.string("api_version",
                        firstNonNull(env.apply("OPENAI_API_VERSION"), DEFAULT_AZURE_API_VERSION)) : null,
                apiKey, organization, project, o.string("tokenizer", null), caps, promptFormat.equals("tokens"),
                o.bool("stream", true), chunk, attempts, maxTokens, t, r, concurrent);
    }

    /** The URL of the completions or chat completions endpoint. */
    String endpointUrl() {
        String path = chat ? "chat/completions" : "completions";
        if (server == ServerKind.AZURE) {
            return baseUrl + "/openai/deployments/" + azureDeployment + "/" + path + "?api-version=" + azureApiVersion;
        }
        return baseUrl + "/" + path;
    }

    private static String stripTrailingSlash(String url) {
        String u = url;
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }
}
