package dev.lmql.backend.local;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Engine options of a local model.
 *
 * @param threads       threads for matrix products (default: available processors)
 * @param seed          default sampling seed when a request gives none (null: a fresh seed per request)
 * @param contextLength maximum context in tokens (null: the model's trained context length)
 * @param kvCache       {@code f32} (exact attention, the default) or {@code f16} (half the memory; llama.cpp's f16 KV cache
 *                      and flash-attention numerics, to reproduce its logits)
 */
public record LocalModelOptions(int threads, Long seed, Integer contextLength, String kvCache) {
    /** The option names {@link #parse} accepts. */
    public static final List<String> NAMES = List.of("threads", "seed", "context_length", "kv_cache");

    public LocalModelOptions {
        if (threads < 1) {
            throw new IllegalArgumentException("option threads must be at least 1, got " + threads);
        }
        if (contextLength != null && contextLength < 1) {
            throw new IllegalArgumentException("option context_length must be at least 1, got " + contextLength);
        }
        if (!kvCache.equals("f32") && !kvCache.equals("f16")) {
            throw new IllegalArgumentException("option kv_cache must be \"f32\" or \"f16\", got \"" + kvCache + "\"");
        }
    }

    /** Defaults: all processors, no fixed seed, the model's context length, an f32 KV cache. */
    public static LocalModelOptions defaults() {
        return new LocalModelOptions(Runtime.getRuntime().availableProcessors(), null, null, "f32");
    }

    /**
     * Reads options from a map (values may be numbers or strings).
     *
     * @throws IllegalArgumentException for an unknown option or a malformed value, naming it
     */
    public static LocalModelOptions parse(Map<String, Object> options) {
        LocalModelOptions d = defaults();
        Map<String, Object> rest = new LinkedHashMap<>(options == null ? Map.of() : options);
        for (String key : rest.keySet()) {
            if (!NAMES.contains(key)) {
                throw new IllegalArgumentException("unknown option '" + key + "' for a local model; known options: "
                        + NAMES);
            }
        }
        Long threads = longOption(rest, "threads");
        Long seed = longOption(rest, "seed");
        Long context = longOption(rest, "context_length");
        Object kv = rest.get("kv_cache");
        return new LocalModelOptions(threads == null ? d.threads() : Math.toIntExact(threads), seed,
                context == null ? null : Math.toIntExact(context), kv == null ? d.kvCache() : kv.toString());
    }

    private static Long longOption(Map<String, Object> options, String key) {
        Object v = options.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Number) {
            return ((Number) v).longValue();
        }
        try {
            return Long.parseLong(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option " + key + " must be an integer, got \"" + v + "\"");
        }
    }
}
