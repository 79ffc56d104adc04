package dev.lmql.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;

/**
 * Turns text into token ids and back, for one vocabulary.
 *
 * <p>Implementations are immutable and thread-safe. Everything that constrains generation works on
 * {@link #tokenBytes(int) token bytes}, never on decoded strings, so tokens that split a UTF-8 character
 * are handled exactly.
 */
public interface Tokenizer {

    /** A stable name of the vocabulary, e.g. {@code cl100k_base} or {@code gguf:llama:32000}. */
    String name();

    /** Number of token ids, including special tokens; ids are {@code 0 .. vocabSize()-1}. */
    int vocabSize();

    /** Encodes text without adding BOS and without parsing special tokens. */
    int[] encode(String text);

    /**
     * The raw bytes a token contributes to the text. Special and control tokens (BOS, EOS, ...)
     * contribute no bytes and return an empty array.
     */
    byte[] tokenBytes(int tokenId);

    /** The printable form of a token, e.g. {@code <|endoftext|>} for a special token. */
    String tokenText(int tokenId);

    /** Whether the id is a special/control token that never appears inside a generated value. */
    boolean isSpecial(int tokenId);

    /** The end-of-sequence token. */
    int eos();

    /** The beginning-of-sequence token, if this vocabulary has one that prompts start with. */
    OptionalInt bos();

    /** Decodes ids to text, joining the tokens' bytes before UTF-8 decoding (malformed bytes become U+FFFD). */
    default String decode(int[] tokenIds) {
        return new String(decodeBytes(tokenIds), StandardCharsets.UTF_8);
    }

    /** The concatenated bytes of the given tokens. */
    default byte[] decodeBytes(int[] tokenIds) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int id : tokenIds) {
            out.writeBytes(tokenBytes(id));
        }
        return out.toByteArray();
    }
}
