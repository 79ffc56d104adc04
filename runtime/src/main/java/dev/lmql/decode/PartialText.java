package dev.lmql.decode;

import dev.lmql.constraint.TokenConstraint;
import dev.lmql.tokenizer.Tokenizer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The text of one sequence of a hole as its tokens arrive, reduced to what is sure to start the final value:
 * bytes of an unfinished UTF-8 character wait for the rest (a streaming decoder keeps them), and an ending that may
 * be the start of a {@code STOPS_BEFORE} phrase waits until the phrase is ruled out (the phrase is cut from the value).
 */
final class PartialText {
    private final Tokenizer tokenizer;
    private final TokenConstraint constraint;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    private final StringBuilder decoded = new StringBuilder();
    private byte[] undecided = new byte[0];
    private String reported = "";

    PartialText(Tokenizer tokenizer, TokenConstraint constraint) {
        this.tokenizer = tokenizer;
        this.constraint = constraint;
    }

    /** Adds accepted tokens; returns the text to report when it grew, else null. */
    String add(int[] tokens) {
        return addBytes(tokenizer.decodeBytes(tokens));
    }

    /** Adds bytes of accepted tokens; returns the text to report when it grew, else null. */
    String addBytes(byte[] bytes) {
        ByteBuffer in = ByteBuffer.allocate(undecided.length + bytes.length);
        in.put(undecided).put(bytes).flip();
        CharBuffer out = CharBuffer.allocate(in.remaining() + 1);
        decoder.decode(in, out, false);
        out.flip();
        decoded.append(out);
        undecided = new byte[in.remaining()];
        in.get(undecided);
        String text = sure(decoded.toString());
        if (text.length() > reported.length() && text.startsWith(reported)) {
            reported = text;
            return text;
        }
        return null;
    }

    /** The part of the raw text that every continuation keeps in the value. */
    private String sure(String raw) {
        String cut = constraint.postProcess(raw);
        if (cut.length() < raw.length()) {
            return cut; // a stop phrase has ended the value already
        }
        int hold = 0;
        for (TokenConstraint.StopPhrase p : constraint.stopPhrases()) {
            if (p.keepInValue()) {
                continue;
            }
            String phrase = p.text();
            for (int k = Math.min(phrase.length() - 1, raw.length()); k > hold; k--) {
                if (raw.regionMatches(raw.length() - k, phrase, 0, k)) {
                    hold = k;
                    break;
                }
            }
        }
        return raw.substring(0, raw.length() - hold);
    }
}
