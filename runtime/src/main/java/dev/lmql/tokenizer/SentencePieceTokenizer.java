package dev.lmql.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.PriorityQueue;

/**
 * The SentencePiece-style tokenizer of GGUF models with {@code tokenizer.ggml.model = llama} (LLaMA 1/2, Mistral,
 * TinyLlama ...), following llama.cpp's SPM algorithm exactly: spaces become {@code ▁}, text is prefixed with a
 * space when {@code add_space_prefix} is set (at the start and after each special token), adjacent pieces are
 * merged by highest score (ties: leftmost first), and characters without a token fall back to byte tokens
 * {@code <0xXX>}.
 *
 * <p>Token bytes: {@code ▁} decodes to a space, byte tokens to their byte; control, unknown and unused tokens
 * contribute nothing and are special. Decoding is lossless except that a literal {@code ▁} in the input comes
 * back as a space, exactly as in llama.cpp. Immutable and thread-safe.
 */
public final class SentencePieceTokenizer extends GgufTokenizerBase {
    private static final String SPACE_MARK = "\u2581";
    private final int[] byteTokens = new int[256];

    /**
     * Builds the tokenizer.
     *
     * @throws IllegalArgumentException if the vocabulary is not SentencePiece-style or lacks a byte token
     *     (or an unknown token to fall back to)
     */
    public SentencePieceTokenizer(GgufVocabulary vocab) {
        super(vocab, "llama");
        if (!"llama".equals(vocab.model())) {
            throw new IllegalArgumentException("SentencePieceTokenizer needs tokenizer.ggml.model = llama, got '"
                    + vocab.model() + "'");
        }
        for (int b = 0; b < 256; b++) {
            Integer id = tokenToId.get(String.format("<0x%02X>", b));
            if (id == null && b < 0x80) { // llama.cpp falls back to the character itself
                id = tokenToId.get(String.valueOf((char) b));
            }
            byteTokens[b] = id != null ? id : vocab.unkId();
        }
    }

    @Override
    byte[] computeTokenBytes(int id, int type, String text) {
        if (type == GgufVocabulary.TYPE_BYTE) {
            return new byte[] {(byte) Integer.parseInt(text.substring(3, 5), 16)};
        }
        if (type == GgufVocabulary.TYPE_USER_DEFINED) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        return text.replace(SPACE_MARK, " ").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    void encodeText(String text, boolean afterSpecial, IntList out) {
        String escaped = (vocab.addSpacePrefix() && afterSpecial ? " " + text : text).replace(" ", SPACE_MARK);
        byte[] utf8 = escaped.getBytes(StandardCharsets.UTF_8);
        if (utf8.length == 0) {
            return;
        }
        Symbols symbols = Symbols.ofUtf8Chars(utf8);
        PriorityQueue<Bigram> queue = new PriorityQueue<>();
        for (int i = 1; i < symbols.count; i++) {
            tryAddBigram(symbols, utf8, i - 1, i, queue);
        }
        while (!queue.isEmpty()) {
            Bigram b = queue.poll();
            int left = b.left;
            int right = b.right;
            if (symbols.n[left] == 0 || symbols.n[right] == 0 || symbols.n[left] + symbols.n[right] != b.size) {
                continue; // one side was merged since this bigram was queued
            }
            symbols.mergeRightIntoLeft(left, right);
            tryAddBigram(symbols, utf8, symbols.prev[left], left, queue);
            tryAddBigram(symbols, utf8, left, symbols.next[left], queue);
        }
        for (int i = 0; i != -1; i = symbols.next[i]) {
            Integer id = tokenToId.get(new String(utf8, symbols.start[i], symbols.n[i], StandardCharsets.UTF_8));
            if (id != null) {
                out.add(id);
            } else {
                for (int j = 0; j < symbols.n[i]; j++) {
                    int tok = byteTokens[utf8[symbols.start[i] + j] & 0xFF];
                    if (tok < 0) {
                        throw new IllegalStateException(name() + " has no byte token <0x"
                                + String.format("%02X", utf8[symbols.start[i] + j] & 0xFF) + "> and no unknown token");
                    }
                    out.add(tok);
                }
            }
        }
    }

    private void tryAddBigram(Symbols symbols, byte[] utf8, int left, int right, PriorityQueue<Bigram> queue) {
        if (left == -1 || right == -1) {
            return;
        }
        int size = symbols.n[left] + symbols.n[right];
        Integer id = tokenToId.get(new String(utf8, symbols.start[left], size, StandardCharsets.UTF_8));
        if (id != null) {
            queue.add(new Bigram(left, right, vocab.score(id), size));
        }
    }

    /** A candidate merge; the queue yields the highest score first, then the leftmost. */
    private record Bigram(int left, int right, float score, int size) implements Comparable<Bigram> {
        @Override
        public int compareTo(Bigram o) {
            int c = Float.compare(o.score, score);
            return c != 0 ? c : Integer.compare(left, o.left);
        }
    }

    /** A doubly linked list of byte ranges over the text, merged in place. */
    static final class Symbols {
        final int[] start;
        final int[] n;
        final int[] prev;
        final int[] next;
        final int count;

        private Symbols(int capacity) {
            start = new int[capacity];
            n = new int[capacity];
            prev = new int[capacity];
            next = new int[capacity];
            count = capacity;
        }

        /** One symbol per UTF-8 character (length from its lead byte, clipped at the end). */
        static Symbols ofUtf8Chars(byte[] utf8) {
            int count = 0;
            for (int off = 0; off < utf8.length; off += Math.min(utf8Length(utf8[off]), utf8.length - off)) {
                count++;
            }
            Symbols s = new Symbols(count);
            int off = 0;
            for (int i = 0; i < count; i++) {
                int len = Math.min(utf8Length(utf8[off]), utf8.length - off);
                s.start[i] = off;
                s.n[i] = len;
                s.prev[i] = i - 1;
                off += len;
                s.next[i] = off == utf8.length ? -1 : i + 1;
            }
            return s;
        }

        void mergeRightIntoLeft(int left, int right) {
            n[left] += n[right];
            n[right] = 0;
            next[left] = next[right];
            if (next[right] >= 0) {
                prev[next[right]] = left;
            }
        }

        static int utf8Length(byte lead) {
            int hi = (lead & 0xFF) >>> 4;
            return hi < 12 ? 1 : hi < 14 ? 2 : hi == 14 ? 3 : 4;
        }
    }
}
