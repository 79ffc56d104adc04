package dev.lmql.backend.openai;

import java.util.Locale;

/** Which server speaks the OpenAI wire format: decides the server-side constraint parameters and defaults. */
enum ServerKind {
    /** api.openai.com: structured outputs on chat models, logit_bias capped at 300, top-5/20 logprobs. */
    OPENAI,
    /** Azure OpenAI: the OpenAI API under deployment URLs with an {@code api-key} header. */
    AZURE,
    /** vLLM: {@code guided_regex} / {@code guided_choice} / {@code guided_json}, {@code stop_reason}. */
    VLLM,
    /** llama.cpp's llama-server: {@code grammar} (GBNF) and {@code json_schema}, logprobs as {@code content[]}. */
    LLAMACPP,
    /** Any other OpenAI-compatible server: only the common parameters. */
    GENERIC;

    static ServerKind parse(String value) {
        return switch (value.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "").replace(".", "")) {
            case "openai" -> OPENAI;
            case "azure" -> AZURE;
            case "vllm" -> VLLM;
            case "llamacpp", "llamaserver" -> LLAMACPP;
            case "generic", "compatible" -> GENERIC;
            default -> throw new IllegalArgumentException("option 'server' is '" + value
                    + "'; use one of openai, azure, vllm, llamacpp, generic");
        };
    }

    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
