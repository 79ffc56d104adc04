package dev.lmql.cli.serve;

import dev.lmql.backend.LogitsModel;
import dev.lmql.tokenizer.Tokenizer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Generates one completion choice from a {@link LogitsModel}: logit bias, temperature, top-p, seeded sampling,
 * stop sequences, and the per-token log-probabilities OpenAI's legacy completions API reports.
 */
final class CompletionEngine {

    /** One generated (or echoed) token. {@code logprob} is null for the first prompt token. */
    record TokenInfo(int id, String text, Float logprob, List<Map.Entry<String, Float>> top) {
    }

    /** Receives text as it becomes final (held back while it could be the start of a stop sequence). */
    interface Listener {
        void onToken(TokenInfo token, String textDelta);
    }

    record Choice(int index, String text, List<TokenInfo> tokens, String finishReason, int completionTokens) {
    }

    private final LogitsModel model;
    private final Tokenizer tokenizer;

    CompletionEngine(LogitsModel model) {
        this.model = model;
        this.tokenizer = model.tokenizer();
    }

    int[] promptTokens(CompletionRequest request) {
        if (request.promptTokens() != null) {
            return request.promptTokens();
        }
        int[] body = tokenizer.encode(request.promptText());
        if (tokenizer.bos().isEmpty()) {
            return body;
        }
        int[] withBos = new int[body.length + 1];
        withBos[0] = tokenizer.bos().getAsInt();
        System.arraycopy(body, 0, withBos, 1, body.length);
        return withBos;
    }

    /** Log-probabilities of each prompt token given the ones before it (for {@code echo}). */
    List<TokenInfo> echo(int[] prompt, Integer topK) {
        List<TokenInfo> out = new ArrayList<>();
        for (int i = 0; i < prompt.length; i++) {
            if (i == 0) {
                out.add(new TokenInfo(prompt[0], text(prompt[0]), null, List.of()));
                continue;
            }
            float[] lp = model.nextLogprobs(Arrays.copyOf(prompt, i));
            out.add(new TokenInfo(prompt[i], text(prompt[i]), lp[prompt[i]], top(lp, topK)));
        }
        return out;
    }

    Choice complete(CompletionRequest request, int[] prompt, int index, Listener listener) {
        SplittableRandom random = request.seed() == null ? new SplittableRandom()
                : new SplittableRandom(request.seed() * 31 + index);
        int[] context = Arrays.copyOf(prompt, prompt.length + request.maxTokens());
        int length = prompt.length;
        List<TokenInfo> tokens = new ArrayList<>();
        StringBuilderBytes generated = new StringBuilderBytes();
        int emitted = 0;
        String finish = "length";
        for (int step = 0; step < request.maxTokens(); step++) {
            float[] logprobs = model.nextLogprobs(Arrays.copyOf(context, length));
            int next = pick(biased(logprobs, request.logitBias()), request, random);
            if (next == tokenizer.eos()) {
                finish = "stop";
                break;
            }
            context[length++] = next;
            generated.append(tokenizer.tokenBytes(next));
            String text = generated.text();
            TokenInfo info = new TokenInfo(next, text(next), logprobs[next], top(logprobs, request.logprobs()));
            tokens.add(info);
            int stopAt = firstStop(text, request.stop());
            if (stopAt >= 0) {
                listener.onToken(info, text.substring(Math.min(emitted, stopAt), stopAt));
                return new Choice(index, text.substring(0, stopAt), tokens, "stop", tokens.size());
            }
            int safe = text.length() - heldBack(text, request.stop());
            if (generated.endsInsideCharacter()) {
                safe = Math.min(safe, text.length() - 1);
            }
            String delta = safe > emitted ? text.substring(emitted, safe) : "";
            emitted = Math.max(emitted, safe);
            listener.onToken(info, delta);
        }
        String text = generated.text();
        if (emitted < text.length()) {
            listener.onToken(null, text.substring(emitted));
        }
        return new Choice(index, text, tokens, finish, tokens.size());
    }

    private String text(int id) {
        return new String(tokenizer.tokenBytes(id), StandardCharsets.UTF_8);
    }

    private static float[] biased(float[] logprobs, Map<Integer, Double> bias) {
        if (bias.isEmpty()) {
            return logprobs;
        }
        float[] out = logprobs.clone();
        bias.forEach((id, b) -> out[id] = b <= -100 ? Float.NEGATIVE_INFINITY : (float) (out[id] + b));
        return out;
    }

    private static int pick(float[] scores, CompletionRequest request, SplittableRandom random) {
        if (request.temperature() == 0.0) {
            return argmax(scores);
        }
        double max = scores[argmax(scores)];
        double[] p = new double[scores.length];
        double total = 0;
        for (int i = 0; i < scores.length; i++) {
            p[i] = Float.isInfinite(scores[i]) ? 0 : Math.exp((scores[i] - max) / request.temperature());
            total += p[i];
        }
        if (request.topP() < 1.0) {
            total = keepTopP(p, total, request.topP());
        }
        double r = random.nextDouble() * total;
        for (int i = 0; i < p.length; i++) {
            r -= p[i];
            if (r <= 0 && p[i] > 0) {
                return i;
            }
        }
        return argmax(scores);
    }

    /** Zeroes everything outside the smallest set of most likely tokens whose mass reaches topP; returns the kept mass. */
    private static double keepTopP(double[] p, double total, double topP) {
        Integer[] order = new Integer[p.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(p[b], p[a]));
        double kept = 0;
        int i = 0;
        for (; i < order.length && kept < topP * total; i++) {
            kept += p[order[i]];
        }
        for (; i < order.length; i++) {
            p[order[i]] = 0;
        }
        return kept;
    }

    private static int argmax(float[] scores) {
        int best = 0;
        for (int i = 1; i < scores.length; i++) {
            if (scores[i] > scores[best]) {
                best = i;
            }
        }
        return best;
    }

    private List<Map.Entry<String, Float>> top(float[] logprobs, Integer k) {
        if (k == null || k == 0) {
            return List.of();
        }
        int[] best = new int[k];
        Arrays.fill(best, -1);
        for (int id = 0; id < logprobs.length; id++) {
            for (int slot = 0; slot < k; slot++) {
                if (best[slot] < 0 || logprobs[id] > logprobs[best[slot]]) {
                    System.arraycopy(best, slot, best, slot + 1, k - slot - 1);
                    best[slot] = id;
                    break;
                }
            }
        }
        List<Map.Entry<String, Float>> out = new ArrayList<>();
        for (int id : best) {
            if (id >= 0) {
                out.add(Map.entry(tokenizer.tokenText(id), logprobs[id]));
            }
        }
        return out;
    }

    private static int firstStop(String text, List<String> stops) {
        int first = -1;
        for (String s : stops) {
            int at = text.indexOf(s);
            if (at >= 0 && (first < 0 || at < first)) {
                first = at;
            }
        }
        return first;
    }

    /** Length of the longest suffix of text that is a proper prefix of a stop sequence (it may still become one). */
    private static int heldBack(String text, List<String> stops) {
        int held = 0;
        for (String s : stops) {
            for (int len = Math.min(s.length() - 1, text.length()); len > held; len--) {
                if (text.endsWith(s.substring(0, len))) {
                    held = len;
                    break;
                }
            }
        }
        return held;
    }

    /** Accumulates generated bytes; decodes them as UTF-8 on demand. */
    private static final class StringBuilderBytes {
        private byte[] bytes = new byte[64];
        private int size;

        void append(byte[] more) {
            if (size + more.length > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more.length));
            }
            System.arraycopy(more, 0, bytes, size, more.length);
            size += more.length;
        }

        String text() {
            return new String(bytes, 0, size, StandardCharsets.UTF_8);
        }

        /** Whether the bytes end in an incomplete UTF-8 sequence (its replacement character must not be streamed). */
        boolean endsInsideCharacter() {
            for (int back = 1; back <= 3 && back <= size; back++) {
                int b = bytes[size - back] & 0xFF;
                if ((b & 0xC0) != 0x80) {
                    int need = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
                    return need > back;
                }
            }
            return false;
        }
    }
}
