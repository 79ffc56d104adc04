package dev.lmql.backend.local;

import java.util.Arrays;

/**
 * One token sequence with its KV cache: the prefix the model has already processed. Used by one thread at a time
 * (the {@link SessionPool} hands it out exclusively).
 */
final class Session {
    private final KvCache cache;
    private int[] tokens = new int[0];
    private int length;
    /** Logits after the last processed token, or null when unknown. */
    private float[] lastLogits;

    Session(KvCache cache) {
        this.cache = cache;
    }

    int length() {
        return length;
    }

    /** The number of leading tokens this session shares with {@code context}. */
    int commonPrefix(int[] context) {
        int n = Math.min(length, context.length);
        int i = 0;
        while (i < n && tokens[i] == context[i]) {
            i++;
        }
        return i;
    }

    /** A new session holding this one's first {@code positions} tokens (copying their keys and values). */
    Session fork(LlamaConfig config, int positions) {
        Session s = new Session(cache.copyPrefix(config, positions));
        s.tokens = Arrays.copyOf(tokens, Math.max(positions, 16));
        s.length = positions;
        return s;
    }

    /** Logits for the token after {@code context}, processing only what follows the shared prefix. */
    float[] logitsAfter(Transformer model, int[] context) {
        int shared = commonPrefix(context);
        if (shared == context.length && shared == length && lastLogits != null) {
            return lastLogits;
        }
        // at least the last token is run again, to get the logits that follow it
        int keep = Math.min(shared, context.length - 1);
        float[] logits = extend(model, context, keep, context.length, context.length - 1);
        lastLogits = logits;
        return logits;
    }

    /**
     * Logits after each of {@code sequence[from-1 .. to-1)} — the distributions of tokens {@code from .. to-1} —
     * processing only what follows the shared prefix.
     */
    float[] logitsFor(Transformer model, int[] sequence, int from, int to) {
        int keep = Math.min(commonPrefix(sequence), from - 1);
        float[] logits = extend(model, sequence, keep, to - 1, from - 1);
        lastLogits = null;
        return logits;
    }

    private float[] extend(Transformer model, int[] sequence, int keep, int end, int logitsFrom) {
        length = keep; // positions past the shared prefix are overwritten
        lastLogits = null;
        if (tokens.length < end) {
            tokens = Arrays.copyOf(tokens, Math.max(end, tokens.length * 2));
        }
        float[] logits = model.forward(cache, keep, sequence, keep, end, logitsFrom);
        System.arraycopy(sequence, keep, tokens, keep, end - keep);
        length = end;
        return logits;
    }
}
