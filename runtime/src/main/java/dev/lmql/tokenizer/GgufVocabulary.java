package dev.lmql.tokenizer;

import java.util.List;
import java.util.Objects;

/**
 * A tokenizer vocabulary as stored in GGUF metadata ({@code tokenizer.ggml.*}), as plain data so that this
 * package needs nothing from the GGUF reader.
 *
 * @param model          {@code tokenizer.ggml.model}: {@code llama} (SentencePiece-style) or {@code gpt2} (byte-level BPE)
 * @param pre            {@code tokenizer.ggml.pre}, the BPE pre-tokenizer name; {@code null} or empty means {@code default}
 * @param tokens         token texts by id
 * @param scores         SentencePiece scores by id, or {@code null} (all zero)
 * @param tokenTypes     token types by id ({@link #TYPE_NORMAL} ...), or {@code null} (all normal)
 * @param merges         BPE merges in rank order, each {@code "left right"}; empty for SentencePiece
 * @param bosId          BOS id, or -1
 * @param eosId          EOS id, or -1
 * @param unkId          unknown-token id, or -1
 * @param padId          padding id, or -1
 * @param addBos         whether prompts start with BOS ({@code tokenizer.ggml.add_bos_token})
 * @param addEos         whether prompts end with EOS ({@code tokenizer.ggml.add_eos_token})
 * @param addSpacePrefix whether SentencePiece prefixes text with a space ({@code tokenizer.ggml.add_space_prefix})
 * @param endOfTurnIds   further ids that end generation ({@code tokenizer.ggml.eot_token_id}, {@code eom_token_id}); may be empty
 */
public record GgufVocabulary(String model, String pre, List<String> tokens, float[] scores, int[] tokenTypes,
                             List<String> merges, int bosId, int eosId, int unkId, int padId,
                             boolean addBos, boolean addEos, boolean addSpacePrefix, List<Integer> endOfTurnIds) {
    /** An ordinary token. */
    public static final int TYPE_NORMAL = 1;
    /** The unknown token. */
    public static final int TYPE_UNKNOWN = 2;
    /** A control token such as BOS or EOS. */
    public static final int TYPE_CONTROL = 3;
    /** A user-defined token, always matched as a whole in text. */
    public static final int TYPE_USER_DEFINED = 4;
    /** An unused slot. */
    public static final int TYPE_UNUSED = 5;
    /** A SentencePiece byte-fallback token {@code <0xXX>}. */
    public static final int TYPE_BYTE = 6;

    /** Validates lengths and ids. */
    public GgufVocabulary {
        Objects.requireNonNull(model, "model");
        tokens = List.copyOf(tokens);
        merges = merges == null ? List.of() : List.copyOf(merges);
        endOfTurnIds = endOfTurnIds == null ? List.of() : List.copyOf(endOfTurnIds);
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("the vocabulary has no tokens");
        }
        if (scores != null && scores.length != tokens.size()) {
            throw new IllegalArgumentException(scores.length + " scores for " + tokens.size() + " tokens");
        }
        if (tokenTypes != null && tokenTypes.length != tokens.size()) {
            throw new IllegalArgumentException(tokenTypes.length + " token types for " + tokens.size() + " tokens");
        }
        checkId("BOS", bosId, tokens.size());
        checkId("EOS", eosId, tokens.size());
        checkId("UNK", unkId, tokens.size());
        checkId("PAD", padId, tokens.size());
        for (int id : endOfTurnIds) {
            checkId("end-of-turn", id, tokens.size());
        }
    }

    /** Number of tokens. */
    public int size() {
        return tokens.size();
    }

    /** The type of a token ({@link #TYPE_NORMAL} when the vocabulary has no types). */
    public int tokenType(int id) {
        return tokenTypes == null ? TYPE_NORMAL : tokenTypes[id];
    }

    /** The score of a token (0 when the vocabulary has no scores). */
    public float score(int id) {
        return scores == null ? 0f : scores[id];
    }

    private static void checkId(String what, int id, int size) {
        if (id < -1 || id >= size) {
            throw new IllegalArgumentException(what + " token id " + id + " is outside the vocabulary of " + size + " tokens");
        }
    }
}
