package dev.lmql.tokenizer;

/** The code point classes the pre-tokenizers use, as llama.cpp defines them. */
final class UnicodeClasses {
    private UnicodeClasses() {
    }

    /** {@code \p{L}}. */
    static boolean isLetter(int cp) {
        switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER: case Character.LOWERCASE_LETTER: case Character.TITLECASE_LETTER:
            case Character.MODIFIER_LETTER: case Character.OTHER_LETTER:
                return true;
            default:
                return false;
        }
    }

    /** {@code \p{N}}. */
    static boolean isNumber(int cp) {
        switch (Character.getType(cp)) {
            case Character.DECIMAL_DIGIT_NUMBER: case Character.LETTER_NUMBER: case Character.OTHER_NUMBER:
                return true;
            default:
                return false;
        }
    }

    /** {@code \s}: the Unicode White_Space set (llama.cpp's unicode_set_whitespace). */
    static boolean isWhitespace(int cp) {
        return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680
                || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F
                || cp == 0x205F || cp == 0x3000;
    }
}
