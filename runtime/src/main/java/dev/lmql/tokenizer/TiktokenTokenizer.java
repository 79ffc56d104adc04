package dev.lmql.tokenizer;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A tiktoken encoding: JTokkit encodes, and a byte table read once from JTokkit's rank file answers
 * {@link #tokenBytes(int)} for every id. Ids that no token uses (gaps between the ordinary ranks and the
 * special tokens) are treated as special: they have no bytes, never appear in a value and print as
 * {@code <|unused_ID|>}.
 */
final class TiktokenTokenizer implements Tokenizer {
    private static final byte[] NO_BYTES = new byte[0];

    private final TiktokenEncoding encoding;
    private final Encoding jtokkit;
    /** Bytes of every ordinary token, indexed by id; null for special tokens and unused ids. */
    private final byte[][] bytesById;
    private final String[] specialNameById;
    private final int eos;

    private TiktokenTokenizer(TiktokenEncoding encoding, Encoding jtokkit, byte[][] bytesById,
            String[] specialNameById) {
        this.encoding = encoding;
        this.jtokkit = jtokkit;
        this.bytesById = bytesById;
        this.specialNameById = specialNameById;
        this.eos = encoding.specialTokens().get(TiktokenEncoding.END_OF_TEXT);
    }

    static TiktokenTokenizer load(TiktokenEncoding encoding) {
        Map<Integer, byte[]> ranks = readRanks(encoding);
        int vocabSize = 0;
        for (int id : ranks.keySet()) {
            vocabSize = Math.max(vocabSize, id + 1);
        }
        for (int id : encoding.specialTokens().values()) {
            vocabSize = Math.max(vocabSize, id + 1);
        }
        byte[][] bytesById = new byte[vocabSize][];
        ranks.forEach((id, bytes) -> bytesById[id] = bytes);
        String[] specialNames = new String[vocabSize];
        encoding.specialTokens().forEach((name, id) -> specialNames[id] = name);
        Encoding jtokkit = Encodings.newLazyEncodingRegistry().getEncoding(encoding.jtokkitType());
        return new TiktokenTokenizer(encoding, jtokkit, bytesById, specialNames);
    }

    private static Map<Integer, byte[]> readRanks(TiktokenEncoding encoding) {
        String resource = encoding.rankResource();
        Map<Integer, byte[]> ranks = new HashMap<>(262_144);
        Base64.Decoder base64 = Base64.getDecoder();
        try (InputStream in = TiktokenTokenizer.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("JTokkit resource " + resource + " is missing from the classpath; "
                        + "check that com.knuddels:jtokkit 1.1.0 is on it");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            String line;
            while ((line = reader.readLine()) != null) {
                int space = line.indexOf(' ');
                if (space < 0) {
                    continue;
                }
                ranks.put(Integer.parseInt(line.substring(space + 1).trim()), base64.decode(line.substring(0, space)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read JTokkit resource " + resource, e);
        }
        return ranks;
    }

    @Override
    public String name() {
        return encoding.encodingName();
    }

    @Override
    public int vocabSize() {
        return bytesById.length;
    }

    @Override
    public int[] encode(String text) {
        return jtokkit.encodeOrdinary(text).toArray();
    }

    @Override
    public byte[] tokenBytes(int tokenId) {
        checkId(tokenId);
        byte[] bytes = bytesById[tokenId];
        return bytes == null ? NO_BYTES : bytes.clone();
    }

    @Override
    public String tokenText(int tokenId) {
        checkId(tokenId);
        if (specialNameById[tokenId] != null) {
            return specialNameById[tokenId];
        }
        byte[] bytes = bytesById[tokenId];
        return bytes == null ? "<|unused_" + tokenId + "|>" : new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public boolean isSpecial(int tokenId) {
        checkId(tokenId);
        return bytesById[tokenId] == null;
    }

    @Override
    public int eos() {
        return eos;
    }

    @Override
    public OptionalInt bos() {
        return OptionalInt.empty();
    }

    @Override
    public byte[] decodeBytes(int[] tokenIds) {
        int length = 0;
        for (int id : tokenIds) {
            checkId(id);
            byte[] bytes = bytesById[id];
            length += bytes == null ? 0 : bytes.length;
        }
        byte[] out = new byte[length];
        int pos = 0;
        for (int id : tokenIds) {
            byte[] bytes = bytesById[id];
            if (bytes != null) {
                System.arraycopy(bytes, 0, out, pos, bytes.length);
                pos += bytes.length;
            }
        }
        return out;
    }

    private void checkId(int tokenId) {
        if (tokenId < 0 || tokenId >= bytesById.length) {
            throw new IllegalArgumentException("token id " + tokenId + " is outside the " + name()
                    + " vocabulary (ids 0.." + (bytesById.length - 1) + ")");
        }
    }

    @Override
    public String toString() {
        return "TiktokenTokenizer[" + name() + ", " + vocabSize() + " ids]";
    }
}
