package dev.lmql.backend.local;

import dev.lmql.backend.local.gguf.GgufFile;
import dev.lmql.backend.local.gguf.GgufFormatException;
import dev.lmql.backend.local.gguf.GgufMetadata;
import dev.lmql.backend.local.gguf.GgufValueType;
import dev.lmql.tokenizer.ByteLevelBpeTokenizer;
import dev.lmql.tokenizer.GgufVocabulary;
import dev.lmql.tokenizer.SentencePieceTokenizer;
import dev.lmql.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Builds the tokenizer a GGUF file describes in its {@code tokenizer.ggml.*} metadata, with llama.cpp's
 * defaults for keys that are absent.
 */
public final class GgufTokenizers {
    private static final Set<String> BOS_BY_DEFAULT = Set.of(
            "llama3", "llama-v3", "llama-bpe", "falcon3", "falcon-h1", "pixtral", "midm-2.0", "lfm2");

    private GgufTokenizers() {
    }

    /**
     * The tokenizer of a GGUF file: {@link SentencePieceTokenizer} for {@code tokenizer.ggml.model = llama},
     * {@link ByteLevelBpeTokenizer} for {@code gpt2}. Its {@link Tokenizer#bos()} is present exactly when the
     * model adds BOS to prompts.
     *
     * @throws GgufFormatException naming the file if the tokenizer metadata is missing, malformed or of an
     *     unsupported kind (unknown {@code tokenizer.ggml.model} or {@code tokenizer.ggml.pre})
     */
    public static Tokenizer fromGguf(GgufFile file) {
        GgufVocabulary vocab = vocabulary(file);
        try {
            return "llama".equals(vocab.model()) ? new SentencePieceTokenizer(vocab) : new ByteLevelBpeTokenizer(vocab);
        } catch (IllegalArgumentException e) {
            throw new GgufFormatException(file.path(), e.getMessage());
        }
    }

    /** The vocabulary stored in a GGUF file's metadata, with llama.cpp's defaults applied. */
    public static GgufVocabulary vocabulary(GgufFile file) {
        GgufMetadata m = file.metadata();
        if (!m.contains("tokenizer.ggml.model")) {
            throw new GgufFormatException(file.path(), "has no tokenizer (metadata key 'tokenizer.ggml.model' is missing)");
        }
        String model = m.getString("tokenizer.ggml.model");
        boolean spm;
        if (model.equals("llama")) {
            spm = true;
        } else if (model.equals("gpt2")) {
            spm = false;
        } else {
            throw new GgufFormatException(file.path(), "tokenizer.ggml.model = '" + model + "' is not supported;"
                    + " supported: 'llama' (SentencePiece-style) and 'gpt2' (byte-level BPE)");
        }
        List<String> tokens = m.getStringArray("tokenizer.ggml.tokens");
        int n = tokens.size();
        float[] scores = m.contains("tokenizer.ggml.scores") ? m.getFloatArray("tokenizer.ggml.scores") : null;
        int[] types = m.contains("tokenizer.ggml.token_type") ? m.getIntArray("tokenizer.ggml.token_type") : null;
        requireLength(file, "tokenizer.ggml.scores", scores == null ? n : scores.length, n);
        requireLength(file, "tokenizer.ggml.token_type", types == null ? n : types.length, n);
        List<String> merges = List.of();
        String pre = null;
        if (!spm) {
            if (!m.contains("tokenizer.ggml.merges")) {
                throw new GgufFormatException(file.path(), "byte-level BPE tokenizer without 'tokenizer.ggml.merges'");
            }
            merges = m.getStringArray("tokenizer.ggml.merges");
            pre = m.getString("tokenizer.ggml.pre", "default");
        }
        int bos = id(file, m, "tokenizer.ggml.bos_token_id", spm ? 1 : 11, n);
        int eos = id(file, m, "tokenizer.ggml.eos_token_id", spm ? 2 : 11, n);
        int unk = id(file, m, "tokenizer.ggml.unknown_token_id", spm ? 0 : -1, n);
        int pad = id(file, m, "tokenizer.ggml.padding_token_id", -1, n);
        boolean addBos = m.getBoolean("tokenizer.ggml.add_bos_token", spm || BOS_BY_DEFAULT.contains(pre));
        boolean addEos = m.getBoolean("tokenizer.ggml.add_eos_token", false);
        boolean addSpacePrefix = m.getBoolean("tokenizer.ggml.add_space_prefix", spm);
        List<Integer> endOfTurn = new ArrayList<>();
        for (String key : List.of("tokenizer.ggml.eot_token_id", "tokenizer.ggml.eom_token_id")) {
            int id = id(file, m, key, -1, n);
            if (id >= 0) {
                endOfTurn.add(id);
            }
        }
        try {
            return new GgufVocabulary(model, pre, tokens, scores, types, merges, bos, eos, unk, pad,
                    addBos, addEos, addSpacePrefix, endOfTurn);
        } catch (IllegalArgumentException e) {
            throw new GgufFormatException(file.path(), "bad tokenizer metadata: " + e.getMessage());
        }
    }

    private static int id(GgufFile file, GgufMetadata m, String key, int defaultId, int n) {
        if (!m.contains(key)) {
            return defaultId < n ? defaultId : -1;
        }
        long id = m.type(key).orElseThrow() == GgufValueType.INT32 ? m.getInt(key) : m.getLong(key);
        if (id == -1 || id == 0xFFFF_FFFFL) { // llama.cpp writes -1 / UINT32_MAX for "none"
            return -1;
        }
        if (id < 0 || id >= n) {
            throw new GgufFormatException(file.path(), "metadata key '" + key + "' = " + id
                    + " is outside the vocabulary of " + n + " tokens");
        }
        return (int) id;
    }

    private static void requireLength(GgufFile file, String key, int actual, int expected) {
        if (actual != expected) {
            throw new GgufFormatException(file.path(), "metadata key '" + key + "' has " + actual
                    + " entries but the vocabulary has " + expected + " tokens");
        }
    }
}
