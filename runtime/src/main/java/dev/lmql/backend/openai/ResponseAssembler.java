package dev.lmql.backend.openai;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Assembles a {@link WireResponse} from a whole JSON response or from stream chunks. Accepts both completion
 * logprob shapes: OpenAI's legacy arrays ({@code tokens}/{@code token_logprobs}/{@code top_logprobs}/
 * {@code text_offset}) and the {@code content[]} entries of chat completions and llama.cpp's server.
 */
final class ResponseAssembler {
    private final Map<Integer, Builder> choices = new TreeMap<>();
    private WireResponse.Usage usage;

    private static final class Builder {
        final StringBuilder text = new StringBuilder();
        final List<WireToken> tokens = new ArrayList<>();
        String finishReason;
        String stopReason;
        StringBuilder refusal;
    }

    /**
     * Adds one response object or stream chunk.
     *
     * @throws IllegalArgumentException when the object is not shaped like a completion
     */
    void add(JsonNode root) {
        if (!root.isObject()) {
            throw new IllegalArgumentException("expected a JSON object, got " + root.getNodeType());
        }
        JsonNode list = root.get("choices");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                throw new IllegalArgumentException("'choices' is not an array");
            }
            for (JsonNode c : list) {
                addChoice(c);
            }
        } else if (root.get("usage") == null) {
            throw new IllegalArgumentException("no 'choices' in response");
        }
        JsonNode u = root.get("usage");
        if (u != null && u.isObject()) {
            usage = new WireResponse.Usage(u.path("prompt_tokens").asLong(), u.path("completion_tokens").asLong(),
                    u.path("total_tokens").asLong());
        }
    }

    private void addChoice(JsonNode c) {
        Builder b = choices.computeIfAbsent(c.path("index").asInt(0), i -> new Builder());
        JsonNode text = c.get("text");
        if (text == null) {
            JsonNode msg = c.has("delta") ? c.get("delta") : c.get("message");
            if (msg != null) {
                text = msg.get("content");
                JsonNode refusal = msg.get("refusal");
                if (refusal != null && refusal.isTextual()) {
                    if (b.refusal == null) {
                        b.refusal = new StringBuilder();
                    }
                    b.refusal.append(refusal.asText());
                }
            }
        }
        if (text != null && text.isTextual()) {
            b.text.append(text.asText());
        }
        JsonNode lp = c.get("logprobs");
        if (lp != null && lp.isObject()) {
            if (lp.has("content") && lp.get("content").isArray()) {
                for (JsonNode e : lp.get("content")) {
                    b.tokens.add(contentEntry(e));
                }
            } else if (lp.has("tokens")) {
                addLegacy(b, lp);
            }
        }
        JsonNode finish = c.get("finish_reason");
        if (finish != null && finish.isTextual()) {
            b.finishReason = finish.asText();
        }
        JsonNode stop = c.get("stop_reason");
        if (stop != null && stop.isTextual()) {
            b.stopReason = stop.asText();
        }
    }

    private static WireToken contentEntry(JsonNode e) {
        List<WireToken.Alternative> top = new ArrayList<>();
        for (JsonNode t : e.path("top_logprobs")) {
            top.add(new WireToken.Alternative(bytesOf(t), idOf(t), t.path("logprob").asDouble()));
        }
        return new WireToken(bytesOf(e), idOf(e), e.path("logprob").asDouble(), top);
    }

    private static void addLegacy(Builder b, JsonNode lp) {
        JsonNode tokens = lp.get("tokens");
        JsonNode logprobs = lp.path("token_logprobs");
        JsonNode tops = lp.path("top_logprobs");
        for (int i = 0; i < tokens.size(); i++) {
            List<WireToken.Alternative> top = new ArrayList<>();
            JsonNode alts = tops.path(i);
            if (alts.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = alts.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> alt = it.next();
                    top.add(new WireToken.Alternative(legacyTokenBytes(alt.getKey()), null, alt.getValue().asDouble()));
                }
            }
            JsonNode l = logprobs.path(i);
            // The first echoed token has no logprob (null): nothing conditions it.
            b.tokens.add(new WireToken(legacyTokenBytes(tokens.get(i).asText()), null,
                    l.isNumber() ? l.asDouble() : Double.NaN, top));
        }
    }

    private static Integer idOf(JsonNode e) {
        JsonNode id = e.get("id");
        return id != null && id.isInt() ? id.asInt() : null;
    }

    private static byte[] bytesOf(JsonNode e) {
        JsonNode bytes = e.get("bytes");
        if (bytes != null && bytes.isArray()) {
            byte[] out = new byte[bytes.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = (byte) bytes.get(i).asInt();
            }
            return out;
        }
        return legacyTokenBytes(e.path("token").asText());
    }

    /** OpenAI spells tokens that are not valid UTF-8 on their own as {@code bytes:\xe2\x80}. */
    static byte[] legacyTokenBytes(String token) {
        if (!token.startsWith("bytes:")) {
            return token.getBytes(StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String s = token.substring("bytes:".length());
        int i = 0;
        while (i < s.length()) {
            if (s.startsWith("\\x", i) && i + 4 <= s.length()) {
                out.write(Integer.parseInt(s.substring(i + 2, i + 4), 16));
                i += 4;
            } else {
                byte[] ch = String.valueOf(s.charAt(i)).getBytes(StandardCharsets.UTF_8);
                out.writeBytes(ch);
                i++;
            }
        }
        return out.toByteArray();
    }

    WireResponse build() {
        List<WireResponse.Choice> out = new ArrayList<>();
        choices.forEach((i, b) -> out.add(new WireResponse.Choice(i, b.text.toString(), List.copyOf(b.tokens),
                b.finishReason, b.stopReason, b.refusal == null ? null : b.refusal.toString())));
        return new WireResponse(List.copyOf(out), usage);
    }
}
