package dev.lmql.tokenizer;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The tiktoken encodings this library ships (through JTokkit) and their special tokens, which JTokkit's resource
 * files do not list.
 */
enum TiktokenEncoding {
    R50K_BASE("r50k_base", com.knuddels.jtokkit.api.EncodingType.R50K_BASE, Map.of("<|endoftext|>", 50256)),
    P50K_BASE("p50k_base", com.knuddels.jtokkit.api.EncodingType.P50K_BASE, Map.of("<|endoftext|>", 50256)),
    CL100K_BASE("cl100k_base", com.knuddels.jtokkit.api.EncodingType.CL100K_BASE, Map.of(
            "<|endoftext|>", 100257,
            "<|fim_prefix|>", 100258,
            "<|fim_middle|>", 100259,
            "<|fim_suffix|>", 100260,
            "<|endofprompt|>", 100276)),
    O200K_BASE("o200k_base", com.knuddels.jtokkit.api.EncodingType.O200K_BASE, Map.of(
            "<|endoftext|>", 199999,
            "<|endofprompt|>", 200018));

    static final String END_OF_TEXT = "<|endoftext|>";

    private final String encodingName;
    private final com.knuddels.jtokkit.api.EncodingType jtokkitType;
    private final Map<String, Integer> specialTokens;

    TiktokenEncoding(String encodingName, com.knuddels.jtokkit.api.EncodingType jtokkitType,
            Map<String, Integer> specialTokens) {
        this.encodingName = encodingName;
        this.jtokkitType = jtokkitType;
        this.specialTokens = specialTokens;
    }

    String encodingName() {
        return encodingName;
    }

    com.knuddels.jtokkit.api.EncodingType jtokkitType() {
        return jtokkitType;
    }

    Map<String, Integer> specialTokens() {
        return specialTokens;
    }

    /** JTokkit keeps the mergeable ranks of each encoding in this classpath resource. */
    String rankResource() {
        return "/com/knuddels/jtokkit/" + encodingName + ".tiktoken";
    }

    static List<String> names() {
        return Arrays.stream(values()).map(TiktokenEncoding::encodingName).collect(Collectors.toList());
    }

    static TiktokenEncoding byName(String name) {
        for (TiktokenEncoding e : values()) {
            if (e.encodingName.equals(name)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown tiktoken encoding '" + name + "'; known encodings: " + names());
    }
}
