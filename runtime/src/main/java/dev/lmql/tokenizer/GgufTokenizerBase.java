package dev.lmql.tokenizer;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/** What the GGUF tokenizers share: the vocabulary, token lookup, special-token handling, and token bytes. */
abstract class GgufTokenizerBase implements Tokenizer {
    /** Token texts llama.cpp treats as end of generation when they are control or user-defined tokens. */
    private static final Set<String> EOG_TEXTS = Set.of("<|eot_id|>", "<|im_end|>", "<|end|>", "<|return|>",
            "<|call|>", "<end_of_turn>", "<|endoftext|>", "<|eom_id|>", "<EOT>", "_<EOT>", "<|end_of_text|>",
            "<end_of_utterance>");

    final GgufVocabulary vocab;
    final Map<String, Integer> tokenToId;
    private final SpecialTokenPartitioner partitioner;
    private final byte[][] bytes;
    private final boolean[] special;
    private final String name;
    private final int[] endOfGeneration;

    GgufTokenizerBase(GgufVocabulary vocab, String kind) {
        this.vocab = vocab;
        this.name = "gguf:" + kind + ":" + vocab.size();
        this.tokenToId = new HashMap<>(vocab.size() * 2);
        List<String> tokens = vocab.tokens();
        for (int id = 0; id < tokens.size(); id++) {
            tokenToId.putIfAbsent(tokens.get(id), id); // first id wins on duplicates, like llama.cpp's map
        }
        this.partitioner = new SpecialTokenPartitioner(vocab);
        this.special = new boolean[vocab.size()];
        this.bytes = new byte[vocab.size()][];
        for (int id = 0; id < tokens.size(); id++) {
            int type = vocab.tokenType(id);
            special[id] = type == GgufVocabulary.TYPE_CONTROL || type == GgufVocabulary.TYPE_UNKNOWN
                    || type == GgufVocabulary.TYPE_UNUSED;
            bytes[id] = special[id] ? new byte[0] : computeTokenBytes(id, type, tokens.get(id));
        }
        this.endOfGeneration = endOfGenerationIds(vocab);
    }

    private static int[] endOfGenerationIds(GgufVocabulary vocab) {
        TreeSet<Integer> ids = new TreeSet<>(vocab.endOfTurnIds());
        if (vocab.eosId() >= 0) {
            ids.add(vocab.eosId());
        }
        for (int id = 0; id < vocab.size(); id++) {
            int type = vocab.tokenType(id);
            if ((type == GgufVocabulary.TYPE_CONTROL || type == GgufVocabulary.TYPE_USER_DEFINED)
                    && EOG_TEXTS.contains(vocab.tokens().get(id))) {
                ids.add(id);
            }
        }
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The bytes a non-special token contributes to text. */
    abstract byte[] computeTokenBytes(int id, int type, String text);

    /** Tokenizes one piece of raw text (no special tokens inside); {@code afterSpecial} is true at the start. */
    abstract void encodeText(String text, boolean afterSpecial, IntList out);

    /** The vocabulary this tokenizer was built from. */
    public GgufVocabulary vocabulary() {
        return vocab;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int vocabSize() {
        return vocab.size();
    }

    @Override
    public int[] encode(String text) {
        return encode(text, false);
    }

    /**
     * Encodes text without adding BOS/EOS. With {@code parseSpecial}, occurrences of control tokens such as
     * {@code <|im_start|>} in the text become those tokens; user-defined tokens are always matched.
     */
    public int[] encode(String text, boolean parseSpecial) {
        IntList out = new IntList();
        boolean afterSpecial = true;
        for (SpecialTokenPartitioner.Fragment f : partitioner.partition(text, parseSpecial)) {
            if (f.isText()) {
                encodeText(f.text(), afterSpecial, out);
                afterSpecial = false;
            } else {
                out.add(f.token());
                afterSpecial = true;
            }
        }
        return out.toArray();
    }

    @Override
    public byte[] tokenBytes(int tokenId) {
        return bytes[checkId(tokenId)].clone();
    }

    @Override
    public String tokenText(int tokenId) {
        return vocab.tokens().get(checkId(tokenId));
    }

    @Override
    public boolean isSpecial(int tokenId) {
        return special[checkId(tokenId)];
    }

    @Override
    public int eos() {
        return vocab.eosId();
    }

    /** BOS when the model's prompts start with it ({@code tokenizer.ggml.add_bos_token}), else empty. */
    @Override
    public OptionalInt bos() {
        return vocab.addBos() && vocab.bosId() >= 0 ? OptionalInt.of(vocab.bosId()) : OptionalInt.empty();
    }

    /**
     * Every token that ends generation, sorted: EOS, the end-of-turn/end-of-message ids from the metadata, and
     * control tokens such as {@code <|im_end|>} or {@code <|eot_id|>} (llama.cpp's end-of-generation set).
     */
    public int[] endOfGenerationIds() {
        return endOfGeneration.clone();
    }

    /** Whether the token ends generation (see {@link #endOfGenerationIds()}). */
    public boolean isEndOfGeneration(int tokenId) {
        return Arrays.binarySearch(endOfGeneration, tokenId) >= 0;
    }

    /** The BOS id even when prompts do not start with it, or -1. */
    public int bosId() {
        return vocab.bosId();
    }

    /** Whether prompts end with EOS ({@code tokenizer.ggml.add_eos_token}). */
    public boolean addEos() {
        return vocab.addEos();
    }

    @Override
    public byte[] decodeBytes(int[] tokenIds) {
        int n = 0;
        for (int id : tokenIds) {
            n += bytes[checkId(id)].length;
        }
        byte[] out = new byte[n];
        int pos = 0;
        for (int id : tokenIds) {
            System.arraycopy(bytes[id], 0, out, pos, bytes[id].length);
            pos += bytes[id].length;
        }
        return out;
    }

    private int checkId(int id) {
        if (id < 0 || id >= bytes.length) {
            throw new IllegalArgumentException("token id " + id + " is outside the vocabulary of " + bytes.length
                    + " tokens (" + name + ")");
        }
        return id;
    }

    @Override
    public String toString() {
        return name;
    }

    /** A growable int array. */
    static final class IntList {
        private int[] data = new int[16];
        private int size;

        void add(int v) {
            if (size == data.length) {
                data = Arrays.copyOf(data, size * 2);
            }
            data[size++] = v;
        }

        int[] toArray() {
            return Arrays.copyOf(data, size);
        }
    }
}
