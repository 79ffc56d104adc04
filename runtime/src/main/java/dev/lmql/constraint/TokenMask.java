package dev.lmql.constraint;

import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * An immutable set of token ids over a vocabulary: which tokens may come next.
 * Backed by a bitset; masks are shared between threads and cached, so they are never mutated.
 */
public final class TokenMask {
    private final long[] words;
    private final int vocabSize;
    private final int cardinality;

    private TokenMask(long[] words, int vocabSize) {
        this.words = words;
        this.vocabSize = vocabSize;
        int count = 0;
        for (long w : words) {
            count += Long.bitCount(w);
        }
        this.cardinality = count;
    }

    /** Wraps the given words; the caller hands over ownership and must not modify them afterwards. */
    public static TokenMask ofWords(long[] words, int vocabSize) {
        if (words.length != wordCount(vocabSize)) {
            throw new IllegalArgumentException("expected " + wordCount(vocabSize) + " words for a vocabulary of "
                    + vocabSize + ", got " + words.length);
        }
        return new TokenMask(words, vocabSize);
    }

    public static TokenMask none(int vocabSize) {
        return new TokenMask(new long[wordCount(vocabSize)], vocabSize);
    }

    public static TokenMask all(int vocabSize) {
        long[] w = new long[wordCount(vocabSize)];
        Arrays.fill(w, -1L);
        int rest = vocabSize & 63;
        if (rest != 0) {
            w[w.length - 1] = (1L << rest) - 1;
        }
        return new TokenMask(w, vocabSize);
    }

    public static TokenMask of(int vocabSize, int... ids) {
        long[] w = new long[wordCount(vocabSize)];
        for (int id : ids) {
            w[id >>> 6] |= 1L << id;
        }
        return new TokenMask(w, vocabSize);
    }

    public static int wordCount(int vocabSize) {
        return (vocabSize + 63) >>> 6;
    }

    public boolean contains(int tokenId) {
        return tokenId >= 0 && tokenId < vocabSize && (words[tokenId >>> 6] & (1L << tokenId)) != 0;
    }

    public int cardinality() {
        return cardinality;
    }

    public boolean isEmpty() {
        return cardinality == 0;
    }

    public int vocabSize() {
        return vocabSize;
    }

    /** Calls the action for every allowed id in increasing order. */
    public void forEach(IntConsumer action) {
        for (int i = 0; i < words.length; i++) {
            long w = words[i];
            while (w != 0) {
                int bit = Long.numberOfTrailingZeros(w);
                action.accept((i << 6) + bit);
                w &= w - 1;
            }
        }
    }

    public int[] toArray() {
        int[] out = new int[cardinality];
        int[] n = {0};
        forEach(id -> out[n[0]++] = id);
        return out;
    }

    public TokenMask and(TokenMask other) {
        long[] w = new long[words.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = words[i] & other.words[i];
        }
        return new TokenMask(w, vocabSize);
    }

    public TokenMask or(TokenMask other) {
        long[] w = new long[words.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = words[i] | other.words[i];
        }
        return new TokenMask(w, vocabSize);
    }

    /** A copy of the underlying words. */
    public long[] toWords() {
        return words.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TokenMask m && m.vocabSize == vocabSize && Arrays.equals(m.words, words);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(words) * 31 + vocabSize;
    }

    @Override
    public String toString() {
        return "TokenMask[" + cardinality + "/" + vocabSize + "]";
    }
}
