package dev.lmql.constraint;

import dev.lmql.tokenizer.Tokenizer;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * A trie of the token bytes of a vocabulary, in flat arrays in depth-first (pre-)order: node {@code c}'s
 * subtree is {@code [c, c + size[c])}, its first child is {@code c + 1}, and the tokens ending in the subtree are
 * {@code tokens[tokenStart[c] .. tokenStart[c + size[c]])}. Special tokens and tokens without bytes are left out:
 * they never extend a value. Built once per tokenizer (a few hundred ms for 200k tokens) and shared.
 */
final class VocabularyTrie {
    /** A cache keyed weakly by tokenizer instance; tries are immutable. */
    private static final Map<Tokenizer, VocabularyTrie> CACHE = Collections.synchronizedMap(new WeakHashMap<>());

    final int vocabSize;
    final int nodeCount;
    final byte[] label;
    final int[] size;
    final int[] tokenStart;
    final int[] tokens;
    /** Bytes per token id; null for special and empty tokens. */
    final byte[][] bytesById;
    /** The most characters (UTF-8 sequence starts) any token has. */
    final int maxTokenChars;
    /** Characters per token id (0 for special and empty tokens). */
    private final int[] charsById;
    /** {@link #tokensUpTo(int)} by character count, computed on demand. */
    private final java.util.concurrent.atomic.AtomicReferenceArray<TokenMask> upTo;

    private VocabularyTrie(int vocabSize, int nodeCount, byte[] label, int[] size, int[] tokenStart, int[] tokens,
            byte[][] bytesById) {
        this.vocabSize = vocabSize;
        this.nodeCount = nodeCount;
        this.label = label;
        this.size = size;
        this.tokenStart = tokenStart;
        this.tokens = tokens;
        this.bytesById = bytesById;
        int most = 0;
        this.charsById = new int[bytesById.length];
        for (int id = 0; id < bytesById.length; id++) {
            if (bytesById[id] != null) {
                charsById[id] = MaskComputer.chars(bytesById[id]);
                most = Math.max(most, charsById[id]);
            }
        }
        this.maxTokenChars = most;
        this.upTo = new java.util.concurrent.atomic.AtomicReferenceArray<>(most + 1);
    }

    /** The ordinary tokens with at most this many characters. */
    TokenMask tokensUpTo(int chars) {
        int n = Math.max(0, Math.min(chars, maxTokenChars));
        TokenMask mask = upTo.get(n);
        if (mask == null) {
            long[] words = new long[TokenMask.wordCount(vocabSize)];
            for (int id = 0; id < bytesById.length; id++) {
                if (bytesById[id] != null && charsById[id] <= n) {
                    words[id >>> 6] |= 1L << id;
                }
            }
            mask = TokenMask.ofWords(words, vocabSize);
            upTo.compareAndSet(n, null, mask);
        }
        return mask;
    }

    static VocabularyTrie of(Tokenizer tokenizer) {
        VocabularyTrie trie = CACHE.get(tokenizer);
        if (trie == null) {
            trie = build(tokenizer);
            CACHE.put(tokenizer, trie);
        }
        return trie;
    }

    static VocabularyTrie build(Tokenizer tokenizer) {
        int vocab = tokenizer.vocabSize();
        byte[][] bytesById = new byte[vocab][];
        int count = 0;
        long totalBytes = 0;
        for (int id = 0; id < vocab; id++) {
            if (tokenizer.isSpecial(id)) {
                continue;
            }
            byte[] b = tokenizer.tokenBytes(id);
            if (b.length > 0) {
                bytesById[id] = b;
                count++;
                totalBytes += b.length;
            }
        }
        Integer[] order = new Integer[count];
        int k = 0;
        for (int id = 0; id < vocab; id++) {
            if (bytesById[id] != null) {
                order[k++] = id;
            }
        }
        Arrays.sort(order, (x, y) -> Arrays.compareUnsigned(bytesById[x], bytesById[y]));
        int maxNodes = (int) Math.min(Integer.MAX_VALUE - 8, totalBytes + 1);
        byte[] label = new byte[maxNodes];
        int[] size = new int[maxNodes];
        int[] tokenNode = new int[count];
        int[] pathNode = new int[1024];
        int depth = 0;
        int nodes = 1;
        pathNode[0] = 0;
        byte[] previous = new byte[0];
        for (int i = 0; i < count; i++) {
            byte[] b = bytesById[order[i]];
            int common = Math.min(commonPrefix(previous, b), depth);
            while (depth > common) {
                int node = pathNode[depth--];
                size[node] = nodes - node;
            }
            if (b.length >= pathNode.length) {
                pathNode = Arrays.copyOf(pathNode, b.length * 2);
            }
            for (int j = common; j < b.length; j++) {
                label[nodes] = b[j];
                pathNode[++depth] = nodes++;
            }
            tokenNode[i] = pathNode[depth];
            previous = b;
        }
        while (depth >= 0) {
            int node = pathNode[depth--];
            size[node] = nodes - node;
        }
        int[] tokenStart = new int[nodes + 1];
        int[] tokens = new int[count];
        for (int i = 0; i < count; i++) {
            tokenStart[tokenNode[i] + 1]++;
            tokens[i] = order[i];
        }
        for (int c = 0; c < nodes; c++) {
            tokenStart[c + 1] += tokenStart[c];
        }
        return new VocabularyTrie(vocab, nodes, Arrays.copyOf(label, nodes), Arrays.copyOf(size, nodes),
                tokenStart, tokens, bytesById);
    }

    private static int commonPrefix(byte[] a, byte[] b) {
        int n = Math.min(a.length, b.length);
        int i = 0;
        while (i < n && a[i] == b[i]) {
            i++;
        }
        return i;
    }
}
