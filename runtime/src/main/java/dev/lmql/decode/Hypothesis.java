package dev.lmql.decode;

import dev.lmql.backend.ChatMessage;
import dev.lmql.backend.FinishReason;
import dev.lmql.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One partial run of a query: the prompt exactly as the model sees it (text and token ids), the same prompt as
 * chat messages, the variables so far, and the summed log-probability of the generated tokens. Immutable; every
 * append returns a new hypothesis.
 *
 * @param text          the prompt as a completion model sees it (role tags rendered as {@code ((role)):})
 * @param tokens        the prompt's token ids (BOS first when the vocabulary has one)
 * @param messages      the prompt as chat messages (the last one is the open message)
 * @param roleTagged    whether the prompt contains a role tag (then chat models get {@code messages})
 * @param variables     hole values in hole order (converted: Long, Double, Boolean or String)
 * @param finishReasons why each hole ended
 * @param logprob       the sum of the generated tokens' log-probabilities
 */
record Hypothesis(String text, int[] tokens, List<ChatMessage> messages, boolean roleTagged,
        Map<String, Object> variables, Map<String, FinishReason> finishReasons, double logprob) {

    Hypothesis {
        variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
        finishReasons = Collections.unmodifiableMap(new LinkedHashMap<>(finishReasons));
        messages = List.copyOf(messages);
    }

    /** An empty prompt: just BOS when the tokenizer has one. */
    static Hypothesis start(Tokenizer tokenizer) {
        int[] tokens = tokenizer.bos().isPresent() ? new int[] {tokenizer.bos().getAsInt()} : new int[0];
        return new Hypothesis("", tokens, List.of(), false, Map.of(), Map.of(), 0.0);
    }

    /** Appends literal text (never parsed: brackets and braces stay as they are). */
    Hypothesis appendText(String piece, Tokenizer tokenizer) {
        if (piece.isEmpty()) {
            return this;
        }
        return new Hypothesis(text + piece, concat(tokens, tokenizer.encode(piece)), appendToLast(piece), roleTagged,
                variables, finishReasons, logprob);
    }

    /**
     * Switches the chat role: completion models see LMQL's {@code \n((role)):} (without the newline at the very
     * start of a prompt); chat models get a new message.
     */
    Hypothesis appendRole(String role, Tokenizer tokenizer) {
        String rendered = (text.isEmpty() ? "" : "\n") + "((" + role + ")):";
        List<ChatMessage> next = new ArrayList<>(messages);
        next.add(new ChatMessage(role, ""));
        return new Hypothesis(text + rendered, concat(tokens, tokenizer.encode(rendered)), next, true, variables,
                finishReasons, logprob);
    }

    /** Appends a hole's value: its prompt text and the tokens the model saw for it. */
    Hypothesis appendValue(String name, Object value, String promptText, int[] valueTokens, double valueLogprob,
            FinishReason finish) {
        Map<String, Object> vars = new LinkedHashMap<>(variables);
        vars.put(name, value);
        Map<String, FinishReason> reasons = new LinkedHashMap<>(finishReasons);
        reasons.put(name, finish);
        return new Hypothesis(text + promptText, concat(tokens, valueTokens), appendToLast(promptText), roleTagged,
                vars, reasons, logprob + valueLogprob);
    }

    /** Sets a variable without changing the prompt (e.g. a distribution's probabilities). */
    Hypothesis withVariable(String name, Object value) {
        Map<String, Object> vars = new LinkedHashMap<>(variables);
        vars.put(name, value);
        return new Hypothesis(text, tokens, messages, roleTagged, vars, finishReasons, logprob);
    }

    /** The chat messages for a request: empty when the prompt has no role tags. */
    List<ChatMessage> requestMessages() {
        if (!roleTagged) {
            return List.of();
        }
        List<ChatMessage> out = new ArrayList<>();
        for (ChatMessage m : messages) {
            if (!m.content().isEmpty() || m == messages.get(messages.size() - 1)) {
                out.add(m);
            }
        }
        return out;
    }

    private List<ChatMessage> appendToLast(String piece) {
        List<ChatMessage> next = new ArrayList<>(messages);
        if (next.isEmpty()) {
            next.add(new ChatMessage("user", piece));
        } else {
            ChatMessage last = next.remove(next.size() - 1);
            next.add(new ChatMessage(last.role(), last.content() + piece));
        }
        return next;
    }

    static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
