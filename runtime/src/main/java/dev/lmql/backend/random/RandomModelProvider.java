package dev.lmql.backend.random;

import dev.lmql.backend.LanguageModel;
import dev.lmql.backend.ModelProvider;
import dev.lmql.tokenizer.Tokenizer;
import dev.lmql.tokenizer.Tokenizers;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Provides the {@code random} model. Options: {@code seed} (an integer, default 0) and {@code tokenizer} (a
 * tiktoken encoding such as {@code cl100k_base} (the default) or {@code o200k_base}, or an OpenAI model name).
 */
public final class RandomModelProvider implements ModelProvider {
    static final String ID = "random";
    private static final Set<String> OPTIONS = Set.of("seed", "tokenizer");
    static final String DEFAULT_TOKENIZER = "cl100k_base";

    @Override
    public boolean supports(String modelId) {
        return ID.equals(modelId);
    }

    @Override
    public LanguageModel create(String modelId, Map<String, Object> options) {
        Set<String> unknown = new TreeSet<>(options.keySet());
        unknown.removeAll(OPTIONS);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("the random model takes the options seed and tokenizer; unknown: "
                    + String.join(", ", unknown));
        }
        return new RandomModel(modelId, tokenizer(options.get("tokenizer")), seed(options.get("seed")));
    }

    static long seed(Object value) {
        if (value == null) {
            return 0L;
        }
        if (value instanceof Number && !(value instanceof Double) && !(value instanceof Float)) {
            return ((Number) value).longValue();
        }
        try {
            return Long.parseLong(value.toString().strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the random model's seed must be an integer, got \"" + value + "\"");
        }
    }

    static Tokenizer tokenizer(Object value) {
        String name = value == null ? DEFAULT_TOKENIZER : value.toString().strip();
        try {
            return Tokenizers.tiktoken(name);
        } catch (IllegalArgumentException notAnEncoding) {
            try {
                return Tokenizers.forOpenAiModel(name);
            } catch (IllegalArgumentException notAModel) {
                throw new IllegalArgumentException("unknown tokenizer \"" + name + "\" for the random model: "
                        + notAnEncoding.getMessage(), notAnEncoding);
            }
        }
    }

    @Override
    public String describeIds() {
        return "random (options: seed, tokenizer)";
    }
}
