package dev.lmql.constraint;

import java.util.function.Consumer;

/**
 * Splits a range of code points into sequences of byte ranges whose UTF-8 encodings cover exactly that range
 * (the construction RE2 and Rust's regex use), so a code-point automaton becomes a byte automaton. Surrogates,
 * which UTF-8 cannot encode, are skipped.
 */
final class Utf8Sequences {
    private static final int[] MAX_FOR_LENGTH = {0, 0x7F, 0x7FF, 0xFFFF, 0x10FFFF};

    private Utf8Sequences() {
    }

    /** Calls the sink with {lo0, hi0, lo1, hi1, ...}: one byte range per position of the encoding. */
    static void forEach(int lo, int hi, Consumer<int[]> sink) {
        if (lo > hi) {
            return;
        }
        if (lo <= 0xDFFF && hi >= 0xD800) {
            forEach(lo, 0xD7FF, sink);
            forEach(0xE000, hi, sink);
            return;
        }
        for (int length = 1; length <= 3; length++) {
            int max = MAX_FOR_LENGTH[length];
            if (lo <= max && hi > max) {
                forEach(lo, max, sink);
                forEach(max + 1, hi, sink);
                return;
            }
        }
        split(lo, hi, length(lo), sink);
    }

    private static void split(int lo, int hi, int length, Consumer<int[]> sink) {
        for (int i = 1; i < length; i++) {
            int mask = (1 << (6 * i)) - 1;
            if ((lo & ~mask) != (hi & ~mask)) {
                if ((lo & mask) != 0) {
                    split(lo, lo | mask, length, sink);
                    split((lo | mask) + 1, hi, length, sink);
                    return;
                }
                if ((hi & mask) != mask) {
                    split(lo, (hi & ~mask) - 1, length, sink);
                    split(hi & ~mask, hi, length, sink);
                    return;
                }
            }
        }
        int[] a = encode(lo);
        int[] b = encode(hi);
        int[] out = new int[2 * a.length];
        for (int i = 0; i < a.length; i++) {
            out[2 * i] = a[i];
            out[2 * i + 1] = b[i];
        }
        sink.accept(out);
    }

    private static int length(int cp) {
        return cp <= 0x7F ? 1 : cp <= 0x7FF ? 2 : cp <= 0xFFFF ? 3 : 4;
    }

    private static int[] encode(int cp) {
        switch (length(cp)) {
            case 1:
                return new int[] {cp};
            case 2:
                return new int[] {0xC0 | (cp >> 6), 0x80 | (cp & 0x3F)};
            case 3:
                return new int[] {0xE0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3F), 0x80 | (cp & 0x3F)};
            default:
                return new int[] {0xF0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3F), 0x80 | ((cp >> 6) & 0x3F),
                        0x80 | (cp & 0x3F)};
        }
    }
}
