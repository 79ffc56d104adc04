package dev.lmql.tokenizer;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Factories for the built-in tokenizers. Loading a vocabulary is expensive, so instances are cached and shared
 * (tokenizers are immutable and thread-safe).
 */
public final class Tokenizers {
    /** A cache, not state: one loaded tokenizer per encoding for the life of the class loader. */
    private static final ConcurrentMap<TiktokenEncoding, Tokenizer> TIKTOKEN = new ConcurrentHashMap<>();

    private Tokenizers() {
    }

    /**
     * A tiktoken encoding by name: {@code r50k_base}, {@code p50k_base}, {@code cl100k_base} or {@code o200k_base}.
     * EOS is {@code <|endoftext|>}; special tokens and unused ids contribute no bytes and are never part of a value.
     *
     * @throws IllegalArgumentException for an unknown encoding, listing the known ones
     */
    public static Tokenizer tiktoken(String encodingName) {
        TiktokenEncoding encoding = TiktokenEncoding.byName(encodingName);
        return TIKTOKEN.computeIfAbsent(encoding, TiktokenTokenizer::load);
    }

    /**
     * The tiktoken encoding an OpenAI model uses, matched by model-name prefix (gpt-5*, gpt-4.5*, gpt-4.1*, gpt-4o*,
     * o1/o3/o4-mini → o200k_base; gpt-4*, gpt-3.5-turbo*, davinci-002, babbage-002, text-embedding-3* → cl100k_base;
     * older completion models → p50k/r50k).
     *
     * @throws IllegalArgumentException for an unknown model, listing the known prefixes
     */
    public static Tokenizer forOpenAiModel(String model) {
        return tiktoken(TiktokenModelTable.encodingFor(model).encodingName());
    }

    /** The name of the tiktoken encoding an OpenAI model uses, without loading it. */
    public static String encodingNameForOpenAiModel(String model) {
        return TiktokenModelTable.encodingFor(model).encodingName();
    }
}
