package dev.lmql.backend;

import dev.lmql.tokenizer.Tokenizer;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;

/** A tiny real tokenizer for tests: one token per byte (ids 0..255) and EOS = 256. */
public final class ByteTokenizer implements Tokenizer {
    public static final int EOS = 256;

    @Override
    public String name() {
        return "bytes";
    }

    @Override
    public int vocabSize() {
        return 257;
    }

    @Override
    public int[] encode(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        int[] out = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = b[i] & 0xFF;
        }
        return out;
    }

    @Override
    public byte[] tokenBytes(int tokenId) {
        return tokenId == EOS ? new byte[0] : new byte[] {(byte) tokenId};
    }

    @Override
    public String tokenText(int tokenId) {
        return tokenId == EOS ? "<eos>" : new String(tokenBytes(tokenId), StandardCharsets.ISO_8859_1);
    }

    @Override
    public boolean isSpecial(int tokenId) {
        return tokenId == EOS;
    }

    @Override
    public int eos() {
        return EOS;
    }

    @Override
    public OptionalInt bos() {
        return OptionalInt.empty();
    }
}
