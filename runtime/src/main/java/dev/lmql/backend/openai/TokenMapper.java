package dev.lmql.backend.openai;

import dev.lmql.tokenizer.Tokenizer;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps the tokens a server reports (as bytes) to ids of the local tokenizer, which is what constraints run on.
 * When the server uses the same vocabulary every token maps to exactly one id; otherwise the bytes are re-encoded
 * locally (a server token's logprob then goes to the first local token of its piece).
 */
final class TokenMapper {
    private final Tokenizer tokenizer;
    private final Map<String, Integer> byBytes = new HashMap<>();

    /** One local token with the logprob the server reported for it, and its alternatives. */
    record Mapped(int id, double logprob, WireToken source) {
    }

    TokenMapper(Tokenizer tokenizer) {
        this.tokenizer = tokenizer;
        // Ordinary tokens first, so that a special token's printable form never shadows real text.
        for (int pass = 0; pass < 2; pass++) {
            for (int id = 0; id < tokenizer.vocabSize(); id++) {
                byte[] b;
                try {
                    boolean special = tokenizer.isSpecial(id);
                    if (special != (pass == 1)) {
                        continue;
                    }
                    b = special ? tokenizer.tokenText(id).getBytes(StandardCharsets.UTF_8) : tokenizer.tokenBytes(id);
                } catch (RuntimeException gapInVocabulary) {
                    continue;
                }
                if (b.length > 0) {
                    byBytes.putIfAbsent(key(b), id);
                }
            }
        }
    }

    private static String key(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /** The local id whose bytes are exactly these, or -1. */
    int idOf(byte[] bytes) {
        Integer id = byBytes.get(key(bytes));
        return id == null ? -1 : id;
    }

    /** The tokens in local ids, in order. */
    List<Mapped> map(List<WireToken> tokens) {
        List<Mapped> out = new ArrayList<>(tokens.size());
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        WireToken pendingFirst = null;
        for (WireToken t : tokens) {
            if (pending.size() == 0) {
                int id = idOf(t.bytes());
                if (id >= 0) {
                    out.add(new Mapped(id, t.logprob(), t));
                    continue;
                }
                pendingFirst = t;
            }
            pending.writeBytes(t.bytes());
            if (isCompleteUtf8(pending.toByteArray())) {
                flush(pending, pendingFirst, out);
                pendingFirst = null;
            }
        }
        if (pending.size() > 0) {
            flush(pending, pendingFirst, out);
        }
        return out;
    }

    private void flush(ByteArrayOutputStream pending, WireToken first, List<Mapped> out) {
        byte[] bytes = pending.toByteArray();
        pending.reset();
        int whole = idOf(bytes);
        if (whole >= 0) {
            out.add(new Mapped(whole, first.logprob(), first));
            return;
        }
        int[] ids = tokenizer.encode(new String(bytes, StandardCharsets.UTF_8));
        for (int i = 0; i < ids.length; i++) {
            out.add(new Mapped(ids[i], i == 0 ? first.logprob() : 0.0, i == 0 ? first : null));
        }
    }

    private static boolean isCompleteUtf8(byte[] b) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** The local ids of a text the server returned without per-token information. */
    List<Mapped> encode(String text) {
        List<Mapped> out = new ArrayList<>();
        for (int id : tokenizer.encode(text)) {
            out.add(new Mapped(id, 0.0, null));
        }
        return out;
    }
}
