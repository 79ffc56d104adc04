package dev.lmql.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The byte-level BPE tokenizer of GGUF models with {@code tokenizer.ggml.model = gpt2} (GPT-2, LLaMA 3, Qwen2,
 * SmolLM, DeepSeek, StarCoder ...), following llama.cpp: the {@code tokenizer.ggml.pre} pre-tokenizer splits the
 * text into words, each word's UTF-8 bytes are mapped to GPT-2's printable code points, and adjacent symbols are
 * merged by lowest merge rank (ties: leftmost first). LLaMA-3-style vocabularies take a word that is itself a
 * token without merging ({@code ignore_merges}).
 *
 * <p>Token bytes undo the byte-to-code-point map; user-defined tokens are their literal text; control, unknown
 * and unused tokens contribute nothing and are special. Immutable and thread-safe.
 */
public final class ByteLevelBpeTokenizer extends GgufTokenizerBase {
    private static final Set<String> IGNORE_MERGES = Set.of(
            "llama3", "llama-v3", "llama-bpe", "falcon3", "falcon-h1", "pixtral", "midm-2.0", "lfm2");

    private final PreTokenizer preTokenizer;
    private final Map<String, Integer> mergeRanks;
    private final boolean ignoreMerges;

    /**
     * Builds the tokenizer.
     *
     * @throws IllegalArgumentException if the model is not {@code gpt2}, the pre-tokenizer is unknown, or a
     *     merge is malformed
     */
    public ByteLevelBpeTokenizer(GgufVocabulary vocab) {
        super(vocab, "gpt2");
        if (!"gpt2".equals(vocab.model())) {
            throw new IllegalArgumentException("ByteLevelBpeTokenizer needs tokenizer.ggml.model = gpt2, got '"
                    + vocab.model() + "'");
        }
        this.preTokenizer = PreTokenizer.forName(vocab.pre());
        this.ignoreMerges = IGNORE_MERGES.contains(preTokenizer.name());
        List<String> merges = vocab.merges();
        this.mergeRanks = new HashMap<>(merges.size() * 2);
        for (int rank = 0; rank < merges.size(); rank++) {
            String merge = merges.get(rank);
            int space = merge.indexOf(' ', 1);
            if (space < 0) {
                throw new IllegalArgumentException("BPE merge " + rank + " '" + merge
                        + "' is not two symbols separated by a space");
            }
            mergeRanks.putIfAbsent(pairKey(merge.substring(0, space), merge.substring(space + 1)), rank);
        }
    }

    /** The {@code tokenizer.ggml.pre} pre-tokenizer in use ({@code default} when none was given). */
    public String preTokenizerName() {
        return preTokenizer.name();
    }

    /** The known {@code tokenizer.ggml.pre} values. */
    public static List<String> supportedPreTokenizers() {
        return PreTokenizer.knownNames();
    }

    @Override
    byte[] computeTokenBytes(int id, int type, String text) {
        if (type == GgufVocabulary.TYPE_USER_DEFINED) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        text.codePoints().forEach(cp -> {
            int b = ByteUnicodeMap.toByte(cp);
            if (b >= 0) {
                out.write(b);
            } else { // not a mapped byte: keep the character itself
                out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
            }
        });
        return out.toByteArray();
    }

    @Override
    void encodeText(String text, boolean afterSpecial, IntList out) {
        for (String word : preTokenizer.split(text)) {
            encodeWord(ByteUnicodeMap.encode(word.getBytes(StandardCharsets.UTF_8)), out);
        }
    }

    private void encodeWord(String word, IntList out) {
        if (ignoreMerges) {
            Integer whole = tokenToId.get(word);
            if (whole != null) {
                out.add(whole);
                return;
            }
        }
        int[] cps = word.codePoints().toArray();
        int count = cps.length;
        String[] sym = new String[count]; // current text of each live symbol, null once merged away
        int[] prev = new int[count];
        int[] next = new int[count];
        for (int i = 0; i < count; i++) {
            sym[i] = new String(cps, i, 1);
            prev[i] = i - 1;
            next[i] = i + 1 == count ? -1 : i + 1;
        }
        PriorityQueue<Bigram> queue = new PriorityQueue<>();
        for (int i = 1; i < count; i++) {
            addBigram(sym, i - 1, i, queue);
        }
        while (!queue.isEmpty()) {
            Bigram b = queue.poll();
            String left = sym[b.left];
            String right = sym[b.right];
            if (left == null || right == null || !(left + right).equals(b.text)) {
                continue; // outdated
            }
            sym[b.left] = b.text;
            sym[b.right] = null;
            next[b.left] = next[b.right];
            if (next[b.right] >= 0) {
                prev[next[b.right]] = b.left;
            }
            addBigram(sym, prev[b.left], b.left, queue);
            addBigram(sym, b.left, next[b.left], queue);
        }
        for (int i = 0; i != -1 && count > 0; i = next[i]) {
            Integer id = tokenToId.get(sym[i]);
            if (id != null) {
                out.add(id);
                continue;
            }
            // llama.cpp's fallback: single bytes of the symbol that happen to be tokens; others are dropped
            for (byte b : sym[i].getBytes(StandardCharsets.UTF_8)) {
                Integer single = b >= 0 ? tokenToId.get(String.valueOf((char) b)) : null;
                if (single != null) {
                    out.add(single);
                }
            }
        }
    }

    private void addBigram(String[] sym, int left, int right, PriorityQueue<Bigram> queue) {
        if (left == -1 || right == -1) {
            return;
        }
        Integer rank = mergeRanks.get(pairKey(sym[left], sym[right]));
        if (rank != null) {
            queue.add(new Bigram(left, right, rank, sym[left] + sym[right]));
        }
    }

    private static String pairKey(String left, String right) {
        return left + '\u0000' + right;
    }

    /** A candidate merge; the queue yields the lowest rank first, then the leftmost. */
    private record Bigram(int left, int right, int rank, String text) implements Comparable<Bigram> {
        @Override
        public int compareTo(Bigram o) {
            int c = Integer.compare(rank, o.rank);
            return c != 0 ? c : Integer.compare(left, o.left);
        }
    }
}
