package dev.lmql.tokenizer;

/**
 * GPT-2's reversible map from bytes to printable code points ({@code bytes_to_unicode}): printable Latin-1 bytes
 * map to themselves, the others to U+0100 and up in byte order. Byte-level BPE vocabularies store tokens this way.
 */
final class ByteUnicodeMap {
    private static final int[] BYTE_TO_CP = new int[256];
    private static final int[] CP_TO_BYTE = new int[324];

    static {
        int extra = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            BYTE_TO_CP[b] = printable ? b : 256 + extra++;
        }
        java.util.Arrays.fill(CP_TO_BYTE, -1);
        for (int b = 0; b < 256; b++) {
            CP_TO_BYTE[BYTE_TO_CP[b]] = b;
        }
    }

    private ByteUnicodeMap() {
    }

    /** The code point standing for a byte. */
    static int toCodePoint(int b) {
        return BYTE_TO_CP[b & 0xFF];
    }

    /** The byte a code point stands for, or -1 if it stands for none. */
    static int toByte(int cp) {
        return cp >= 0 && cp < CP_TO_BYTE.length ? CP_TO_BYTE[cp] : -1;
    }

    /** Maps every byte of {@code utf8} to its code point. */
    static String encode(byte[] utf8) {
        StringBuilder sb = new StringBuilder(utf8.length);
        for (byte b : utf8) {
            sb.appendCodePoint(toCodePoint(b));
        }
        return sb.toString();
    }
}
