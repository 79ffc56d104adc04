package dev.lmql.tokenizer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which tiktoken encoding an OpenAI model uses, by model-name prefix (the longest matching prefix wins, so
 * {@code gpt-4o-mini} is o200k while {@code gpt-4-turbo} is cl100k). Covers models newer than JTokkit's own
 * table, which stops at GPT-4o.
 */
final class TiktokenModelTable {
    private static final Map<String, TiktokenEncoding> PREFIXES = new LinkedHashMap<>();

    static {
        TiktokenEncoding o200k = TiktokenEncoding.O200K_BASE;
        TiktokenEncoding cl100k = TiktokenEncoding.CL100K_BASE;
        TiktokenEncoding p50k = TiktokenEncoding.P50K_BASE;
        TiktokenEncoding r50k = TiktokenEncoding.R50K_BASE;
        for (String p : List.of("gpt-5", "gpt-4.5", "gpt-4.1", "gpt-4o", "chatgpt-4o", "o1", "o3", "o4-mini",
                "codex-mini", "omni-moderation")) {
            PREFIXES.put(p, o200k);
        }
        for (String p : List.of("gpt-4", "gpt-3.5-turbo", "gpt-35-turbo", "gpt-3.5", "davinci-002", "babbage-002",
                "text-embedding-3", "text-embedding-ada-002")) {
            PREFIXES.put(p, cl100k);
        }
        for (String p : List.of("text-davinci-002", "text-davinci-003", "code-davinci", "code-cushman")) {
            PREFIXES.put(p, p50k);
        }
        for (String p : List.of("text-davinci-001", "text-curie", "text-babbage", "text-ada", "davinci", "curie",
                "babbage", "ada", "gpt2")) {
            PREFIXES.put(p, r50k);
        }
    }

    private TiktokenModelTable() {
    }

    /**
     * The encoding of the model. Fine-tuned names ({@code ft:gpt-4o-mini:org::id}) and provider prefixes
     * ({@code openai/gpt-4o}) use their base model's encoding.
     */
    static TiktokenEncoding encodingFor(String model) {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("model name is empty; pass an OpenAI model name such as gpt-4o-mini");
        }
        String name = model.trim().toLowerCase(Locale.ROOT);
        if (name.startsWith("openai/")) {
            name = name.substring("openai/".length());
        }
        if (name.startsWith("ft:")) {
            name = name.substring("ft:".length());
        }
        String best = null;
        for (String prefix : PREFIXES.keySet()) {
            if (matches(name, prefix) && (best == null || prefix.length() > best.length())) {
                best = prefix;
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("no tiktoken encoding is known for model '" + model
                    + "'; known model-name prefixes: " + knownPrefixes()
                    + ". Use Tokenizers.tiktoken(encodingName) with one of " + TiktokenEncoding.names());
        }
        return PREFIXES.get(best);
    }

    /** A prefix matches the whole name or a name continuing with a separator ("o1" matches "o1-mini", not "o10"). */
    private static boolean matches(String name, String prefix) {
        if (!name.startsWith(prefix)) {
            return false;
        }
        if (name.length() == prefix.length()) {
            return true;
        }
        char next = name.charAt(prefix.length());
        char last = prefix.charAt(prefix.length() - 1);
        return !Character.isLetterOrDigit(next) || !Character.isLetterOrDigit(last)
                || (Character.isDigit(last) && Character.isLetter(next));
    }

    static List<String> knownPrefixes() {
        return new ArrayList<>(PREFIXES.keySet());
    }
}
