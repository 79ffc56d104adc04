package dev.lmql.backend.openai;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lmql.backend.ChatMessage;
import dev.lmql.backend.SamplingParams;
import java.util.List;
import java.util.Map;

/** Builds request bodies in the exact shape of the completions and chat completions APIs. */
final class RequestBodies {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private final OpenAiSettings settings;

    RequestBodies(OpenAiSettings settings) {
        this.settings = settings;
    }

    /**
     * A completions request.
     *
     * @param prompt      token ids (int[]) or text (String)
     * @param logprobs    top alternatives to report per token (0: none)
     * @param logitBias   token id → bias, or empty
     * @param serverSide  server-specific constraint parameters (guided_regex, grammar, ...), or empty
     */
    ObjectNode completion(Object prompt, int maxTokens, SamplingParams sampling, int n, int logprobs, boolean echo,
            List<String> stop, Map<Integer, Integer> logitBias, Map<String, Object> serverSide) {
        ObjectNode b = F.objectNode();
        model(b);
        if (prompt instanceof int[] ids) {
            ArrayNode a = b.putArray("prompt");
            for (int id : ids) {
                a.add(id);
            }
        } else {
            b.put("prompt", (String) prompt);
        }
        b.put("max_tokens", maxTokens);
        sampling(b, sampling, n);
        if (logprobs > 0) {
            b.put("logprobs", logprobs);
        }
        if (echo) {
            b.put("echo", true);
        }
        stopAndBias(b, stop, logitBias);
        serverSide.forEach((k, v) -> b.set(k, OpenAiTransport.MAPPER.valueToTree(v)));
        stream(b);
        return b;
    }

    /** A chat completions request. */
    ObjectNode chat(List<ChatMessage> messages, int maxTokens, SamplingParams sampling, int n, int topLogprobs,
            List<String> stop, Map<String, Object> responseFormat) {
        ObjectNode b = F.objectNode();
        model(b);
        ArrayNode ms = b.putArray("messages");
        for (ChatMessage m : messages) {
            ms.addObject().put("role", m.role()).put("content", m.content());
        }
        // OpenAI replaced max_tokens by max_completion_tokens on chat (required by o-series models).
        boolean openAi = settings.server() == ServerKind.OPENAI || settings.server() == ServerKind.AZURE;
        b.put(openAi ? "max_completion_tokens" : "max_tokens", maxTokens);
        sampling(b, sampling, n);
        if (topLogprobs > 0) {
            b.put("logprobs", true);
            b.put("top_logprobs", topLogprobs);
        }
        stopAndBias(b, stop, Map.of());
        if (responseFormat != null) {
            b.set("response_format", OpenAiTransport.MAPPER.valueToTree(responseFormat));
        }
        stream(b);
        return b;
    }

    private void model(ObjectNode b) {
        if (settings.server() != ServerKind.AZURE) {
            b.put("model", settings.model());
        }
    }

    private void sampling(ObjectNode b, SamplingParams s, int n) {
        if (!ModelFamilies.isReasoningModel(settings.model())) {
            b.put("temperature", s.temperature());
            if (s.topP() != null) {
                b.put("top_p", s.topP());
            }
        }
        if (s.topK() != null && (settings.server() == ServerKind.VLLM || settings.server() == ServerKind.LLAMACPP)) {
            b.put("top_k", s.topK());
        }
        if (n != 1) {
            b.put("n", n);
        }
        if (s.seed() != null) {
            b.put("seed", s.seed());
        }
    }

    private static void stopAndBias(ObjectNode b, List<String> stop, Map<Integer, Integer> logitBias) {
        if (!stop.isEmpty()) {
            ArrayNode a = b.putArray("stop");
            stop.forEach(a::add);
        }
        if (!logitBias.isEmpty()) {
            ObjectNode lb = b.putObject("logit_bias");
            logitBias.forEach((id, bias) -> lb.put(Integer.toString(id), bias));
        }
    }

    private void stream(ObjectNode b) {
        if (settings.stream()) {
            b.put("stream", true);
            if (settings.server() != ServerKind.LLAMACPP && settings.server() != ServerKind.GENERIC) {
                b.putObject("stream_options").put("include_usage", true);
            }
        }
    }
}
