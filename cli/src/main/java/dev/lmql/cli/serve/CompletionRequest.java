package dev.lmql.cli.serve;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A validated {@code POST /v1/completions} body (the subset of OpenAI's fields this server honours). */
record CompletionRequest(String model, String promptText, int[] promptTokens, int maxTokens, double temperature,
        double topP, int n, boolean stream, Integer logprobs, boolean echo, List<String> stop,
        Map<Integer, Double> logitBias, Long seed) {

    static final int MAX_LOGPROBS = 20;

    static CompletionRequest parse(JsonNode body, int vocabSize, int maxTokensCap) {
        if (body == null || !body.isObject()) {
            throw ApiException.invalid("The request body must be a JSON object.", null);
        }
        JsonNode prompt = body.get("prompt");
        String promptText = null;
        int[] promptTokens = null;
        if (prompt == null || prompt.isNull()) {
            throw ApiException.invalid("'prompt' is required: a string or an array of token ids.", "prompt");
        } else if (prompt.isTextual()) {
            promptText = prompt.asText();
        } else if (prompt.isArray() && prompt.size() == 1 && prompt.get(0).isTextual()) {
            promptText = prompt.get(0).asText();
        } else if (prompt.isArray() && allInts(prompt)) {
            promptTokens = new int[prompt.size()];
            for (int i = 0; i < promptTokens.length; i++) {
                int id = prompt.get(i).asInt();
                if (id < 0 || id >= vocabSize) {
                    throw ApiException.invalid("Token id " + id + " in 'prompt' is outside the vocabulary (0.."
                            + (vocabSize - 1) + ").", "prompt");
                }
                promptTokens[i] = id;
            }
        } else {
            throw ApiException.invalid("'prompt' must be a string or an array of token ids (batched prompts are "
                    + "not supported: send one request per prompt).", "prompt");
        }
        int maxTokens = intField(body, "max_tokens", 16);
        if (maxTokens < 0 || maxTokens > maxTokensCap) {
            throw ApiException.invalid("'max_tokens' must be between 0 and " + maxTokensCap + ", got " + maxTokens
                    + ".", "max_tokens");
        }
        double temperature = doubleField(body, "temperature", 1.0);
        if (temperature < 0 || temperature > 2) {
            throw ApiException.invalid("'temperature' must be between 0 and 2, got " + temperature + ".",
                    "temperature");
        }
        double topP = doubleField(body, "top_p", 1.0);
        if (topP <= 0 || topP > 1) {
            throw ApiException.invalid("'top_p' must be in (0, 1], got " + topP + ".", "top_p");
        }
        int n = intField(body, "n", 1);
        if (n < 1 || n > 16) {
            throw ApiException.invalid("'n' must be between 1 and 16, got " + n + ".", "n");
        }
        Integer logprobs = body.hasNonNull("logprobs") ? intField(body, "logprobs", 0) : null;
        if (logprobs != null && (logprobs < 0 || logprobs > MAX_LOGPROBS)) {
            throw ApiException.invalid("'logprobs' must be between 0 and " + MAX_LOGPROBS + ", got " + logprobs
                    + ".", "logprobs");
        }
        Long seed = body.hasNonNull("seed") ? body.get("seed").asLong() : null;
        return new CompletionRequest(textField(body, "model"), promptText, promptTokens, maxTokens, temperature,
                topP, n, boolField(body, "stream"), logprobs, boolField(body, "echo"), stops(body.get("stop")),
                logitBias(body.get("logit_bias"), vocabSize), seed);
    }

    private static boolean allInts(JsonNode array) {
        for (JsonNode e : array) {
            if (!e.isIntegralNumber()) {
                return false;
            }
        }
        return array.size() > 0;
    }

    private static List<String> stops(JsonNode stop) {
        List<String> out = new ArrayList<>();
        if (stop == null || stop.isNull()) {
            return out;
        }
        if (stop.isTextual()) {
            out.add(stop.asText());
        } else if (stop.isArray()) {
            for (JsonNode s : stop) {
                if (!s.isTextual()) {
                    throw ApiException.invalid("'stop' must be a string or an array of strings.", "stop");
                }
                out.add(s.asText());
            }
        } else {
            throw ApiException.invalid("'stop' must be a string or an array of strings.", "stop");
        }
        if (out.size() > 4) {
            throw ApiException.invalid("'stop' takes at most 4 sequences, got " + out.size() + ".", "stop");
        }
        out.removeIf(String::isEmpty);
        return out;
    }

    private static Map<Integer, Double> logitBias(JsonNode bias, int vocabSize) {
        Map<Integer, Double> out = new HashMap<>();
        if (bias == null || bias.isNull()) {
            return out;
        }
        if (!bias.isObject()) {
            throw ApiException.invalid("'logit_bias' must be an object mapping token ids to numbers.", "logit_bias");
        }
        var fields = bias.fields();
        while (fields.hasNext()) {
            var e = fields.next();
            int id;
            try {
                id = Integer.parseInt(e.getKey());
            } catch (NumberFormatException ex) {
                throw ApiException.invalid("'logit_bias' key '" + e.getKey() + "' is not a token id.", "logit_bias");
            }
            if (id < 0 || id >= vocabSize) {
                throw ApiException.invalid("'logit_bias' token id " + id + " is outside the vocabulary (0.."
                        + (vocabSize - 1) + ").", "logit_bias");
            }
            if (!e.getValue().isNumber()) {
                throw ApiException.invalid("'logit_bias' value for " + id + " must be a number.", "logit_bias");
            }
            double v = e.getValue().asDouble();
            if (v < -100 || v > 100) {
                throw ApiException.invalid("'logit_bias' values must be between -100 and 100, got " + v + ".",
                        "logit_bias");
            }
            out.put(id, v);
        }
        return out;
    }

    private static int intField(JsonNode body, String name, int def) {
        JsonNode v = body.get(name);
        if (v == null || v.isNull()) {
            return def;
        }
        if (!v.isIntegralNumber()) {
            throw ApiException.invalid("'" + name + "' must be an integer.", name);
        }
        return v.asInt();
    }

    private static double doubleField(JsonNode body, String name, double def) {
        JsonNode v = body.get(name);
        if (v == null || v.isNull()) {
            return def;
        }
        if (!v.isNumber()) {
            throw ApiException.invalid("'" + name + "' must be a number.", name);
        }
        return v.asDouble();
    }

    private static boolean boolField(JsonNode body, String name) {
        JsonNode v = body.get(name);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw ApiException.invalid("'" + name + "' must be true or false.", name);
        }
        return v.asBoolean();
    }

    private static String textField(JsonNode body, String name) {
        JsonNode v = body.get(name);
        return v == null || v.isNull() ? null : v.asText();
    }
}
