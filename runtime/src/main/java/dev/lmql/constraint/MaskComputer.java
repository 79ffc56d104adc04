package dev.lmql.constraint;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Token masks for the states of a {@link Program}: walks the vocabulary trie from a state, pruning every subtree
 * whose bytes kill the automaton. Results are cached per automaton state (and per remaining-token budget when
 * token counts are bounded), so a repeated state costs a lookup. Thread-safe; racing threads may compute the
 * same mask twice, which is harmless.
 */
final class MaskComputer {
    /** Token distance for states from which acceptance is out of reach within the budget. */
    private static final int FAR = Integer.MAX_VALUE / 2;
    private static final int UNKNOWN = -1;

    private final Program program;
    private final VocabularyTrie trie;
    /** Upper bound on tokens (or {@link Terms#UNBOUNDED}); caps the distance search. */
    private final int maxTokens;
    /** Fewest characters from each state to acceptance, when characters are counted (null otherwise). */
    private final int[] minChars;
    /** Character budgets at or above this make no difference to any mask. */
    private final int charLimit;
    /**
     * Every state reaches acceptance without another character and none completes: a character budget then only
     * removes tokens longer than the budget,
     * so its mask is the state's mask intersected with the vocabulary's short tokens — no walk needed.
     */
    private final boolean budgetIsLengthOnly;
    private final AtomicReferenceArray<TokenMask> baseMasks;
    private final AtomicReferenceArray<int[]> successors;
    private final int[] distance;
    private final ConcurrentMap<MaskKey, TokenMask> budgetMasks = new ConcurrentHashMap<>();

    /** A cached mask under budgets; caps are clamped so that equivalent budgets share one entry. */
    private record MaskKey(int state, int tokenCap, int charCap, boolean completeAllowed) {
    }

    MaskComputer(Program program, VocabularyTrie trie, int maxTokens, boolean countChars) {
        this.program = program;
        this.trie = trie;
        this.maxTokens = maxTokens;
        int n = program.stateCount();
        this.baseMasks = new AtomicReferenceArray<>(n);
        this.successors = new AtomicReferenceArray<>(n);
        this.distance = new int[n];
        Arrays.fill(distance, UNKNOWN);
        this.minChars = countChars ? program.minCharsToAccept() : null;
        int worst = 0;
        if (minChars != null) {
            for (int d : minChars) {
                if (d < FAR) {
                    worst = Math.max(worst, d);
                }
            }
        }
        this.charLimit = countChars ? trie.maxTokenChars + worst + 1 : FAR;
        boolean lengthOnly = countChars;
        for (int s = 0; s < n && lengthOnly; s++) {
            lengthOnly = minChars[s] == 0 && !program.complete[s];
        }
        this.budgetIsLengthOnly = lengthOnly;
    }

    /** The number of characters (UTF-8 sequence starts) in the bytes. */
    static int chars(byte[] bytes) {
        int n = 0;
        for (byte b : bytes) {
            if ((b & 0xC0) != 0x80) {
                n++;
            }
        }
        return n;
    }

    /** Tokens whose bytes keep the automaton alive from the state (complete counts as alive). */
    TokenMask baseMask(int state) {
        TokenMask mask = baseMasks.get(state);
        if (mask == null) {
            computeBase(state);
            mask = baseMasks.get(state);
        }
        return mask;
    }

    /**
     * The mask for a state with {@code remaining} tokens left after this one, where completion by a stop phrase
     * is only allowed if {@code completeAllowed}.
     */
    TokenMask mask(int state, int remaining, boolean completeAllowed, int remainingChars) {
        boolean bounded = maxTokens != Terms.UNBOUNDED;
        int charCap = remainingChars >= charLimit ? FAR : remainingChars;
        if (!bounded && completeAllowed && charCap == FAR) {
            return baseMask(state);
        }
        int cap = remaining;
        if (bounded) {
            int[] next = successors(state);
            int worst = 0;
            boolean anyComplete = false;
            for (int t : next) {
                if (program.complete[t]) {
                    anyComplete = true;
                } else {
                    worst = Math.max(worst, distance(t));
                }
            }
            if (remaining >= worst && (completeAllowed || !anyComplete) && charCap == FAR) {
                return baseMask(state);
            }
            cap = Math.min(remaining, worst);
        } else {
            cap = FAR;
        }
        MaskKey key = new MaskKey(state, cap, charCap, completeAllowed);
        TokenMask mask = budgetMasks.get(key);
        if (mask == null && budgetIsLengthOnly && cap == FAR) {
            mask = baseMask(state).and(trie.tokensUpTo(charCap));
            budgetMasks.putIfAbsent(key, mask);
        }
        if (mask == null) {
            final int limit = cap;
            long[] words = new long[TokenMask.wordCount(trie.vocabSize)];
            walk(state, words, t -> program.complete[t] ? completeAllowed : !bounded || distance(t) <= limit, null,
                    charCap);
            mask = TokenMask.ofWords(words, trie.vocabSize);
            budgetMasks.putIfAbsent(key, mask);
        }
        return mask;
    }

    /** Whether the token, read from the state, is in {@link #mask} — without computing the mask. */
    boolean allows(int state, int end, int remaining, boolean completeAllowed, int tokenChars, int remainingChars) {
        if (end == ByteDfa.DEAD) {
            return false;
        }
        if (minChars != null && (tokenChars > remainingChars || minChars[end] > remainingChars - tokenChars)) {
            return false;
        }
        if (program.complete[end]) {
            return completeAllowed;
        }
        return maxTokens == Terms.UNBOUNDED || distance(end) <= remaining;
    }

    /** Fewest tokens from the state to an accepting or complete state ({@code FAR} if above the budget). */
    int distance(int state) {
        int known = distance[state];
        if (known != UNKNOWN) {
            return known;
        }
        int result = FAR;
        boolean[] seen = new boolean[program.stateCount()];
        IntList frontier = new IntList();
        frontier.add(state);
        seen[state] = true;
        int limit = maxTokens == Terms.UNBOUNDED ? program.stateCount() : maxTokens;
        search:
        for (int depth = 0; depth <= limit && frontier.size() > 0; depth++) {
            IntList next = new IntList();
            for (int i = 0; i < frontier.size(); i++) {
                int s = frontier.get(i);
                if (program.accepting[s] || program.complete[s]) {
                    result = depth;
                    break search;
                }
                for (int t : successors(s)) {
                    if (!seen[t]) {
                        seen[t] = true;
                        next.add(t);
                    }
                }
            }
            frontier = next;
        }
        distance[state] = result;
        return result;
    }

    private int[] successors(int state) {
        int[] next = successors.get(state);
        if (next == null) {
            computeBase(state);
            next = successors.get(state);
        }
        return next;
    }

    private void computeBase(int state) {
        long[] words = new long[TokenMask.wordCount(trie.vocabSize)];
        boolean[] seen = maxTokens == Terms.UNBOUNDED ? null : new boolean[program.stateCount()];
        IntList ends = seen == null ? null : new IntList();
        walk(state, words, null, ends == null ? null : t -> {
            if (!seen[t]) {
                seen[t] = true;
                ends.add(t);
            }
        }, FAR);
        successors.compareAndSet(state, null, ends == null ? new int[0] : ends.toArray());
        baseMasks.compareAndSet(state, null, TokenMask.ofWords(words, trie.vocabSize));
    }

    private interface EndFilter {
        boolean allow(int endState);
    }

    private interface EndSink {
        void accept(int endState);
    }

    /**
     * Depth-first over the trie with an explicit stack: a child whose byte kills the automaton is skipped with its
     * whole subtree; a child that completes the hole (stop phrase) admits its whole subtree.
     */
    private void walk(int state, long[] words, EndFilter filter, EndSink ends, int charCap) {
        if (state == ByteDfa.DEAD || program.complete[state]) {
            return;
        }
        final byte[] label = trie.label;
        final int[] size = trie.size;
        final int[] tokenStart = trie.tokenStart;
        final int[] tokens = trie.tokens;
        final int[] table = program.table;
        final int[] classOf = program.classOf;
        final boolean[] complete = program.complete;
        final int classCount = program.classCount;
        int capacity = 64;
        int[] nextChild = new int[capacity];
        int[] endChild = new int[capacity];
        int[] base = new int[capacity];
        int[] chars = new int[capacity];
        final boolean counting = charCap != FAR;
        final int[] minimum = minChars;
        int sp = 0;
        nextChild[0] = 1;
        endChild[0] = size[0];
        base[0] = state * classCount;
        while (sp >= 0) {
            int c = nextChild[sp];
            if (c >= endChild[sp]) {
                sp--;
                continue;
            }
            nextChild[sp] = c + size[c];
            int t = table[base[sp] + classOf[label[c] & 0xFF]];
            if (t < 0) {
                continue;
            }
            int used = chars[sp] + ((label[c] & 0xC0) != 0x80 ? 1 : 0);
            if (counting && used > charCap) {
                continue;
            }
            if (complete[t]) {
                if (ends != null) {
                    ends.accept(t);
                }
                if (filter == null || filter.allow(t)) {
                    setTokens(words, tokens, tokenStart[c], tokenStart[c + size[c]]);
                }
                continue;
            }
            int from = tokenStart[c];
            int to = tokenStart[c + 1];
            if (from != to) {
                if (ends != null) {
                    ends.accept(t);
                }
                if ((filter == null || filter.allow(t)) && (!counting || minimum[t] <= charCap - used)) {
                    setTokens(words, tokens, from, to);
                }
            }
            if (size[c] > 1) {
                if (++sp == capacity) {
                    capacity *= 2;
                    nextChild = Arrays.copyOf(nextChild, capacity);
                    endChild = Arrays.copyOf(endChild, capacity);
                    base = Arrays.copyOf(base, capacity);
                    chars = Arrays.copyOf(chars, capacity);
                }
                nextChild[sp] = c + 1;
                endChild[sp] = c + size[c];
                base[sp] = t * classCount;
                chars[sp] = used;
            }
        }
    }

    private static void setTokens(long[] words, int[] tokens, int from, int to) {
        for (int i = from; i < to; i++) {
            int id = tokens[i];
            words[id >>> 6] |= 1L << id;
        }
    }
}
