package dev.lmql.constraint;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A deterministic automaton over bytes: a dense table of 256 transitions per state, {@link #DEAD} for "no
 * continuation". After {@link #trim()}, every state can still reach an accepting state, so "not dead" means
 * "alive" — exactly what masks need.
 */
final class ByteDfa {
    static final int DEAD = -1;
    static final int MAX_STATES = 200_000;

    /** Combines the acceptance of two automata in a product. */
    interface Acceptance {
        boolean accept(boolean a, boolean b);
    }

    private final int[] next;
    private final boolean[] accepting;
    /** Absorbing states where a stop phrase has fired (null when the automaton has none). */
    private final boolean[] complete;
    private final int start;

    ByteDfa(int[] next, boolean[] accepting, int start) {
        this(next, accepting, null, start);
    }

    ByteDfa(int[] next, boolean[] accepting, boolean[] complete, int start) {
        this.next = next;
        this.accepting = accepting;
        this.complete = complete;
        this.start = start;
    }

    boolean complete(int state) {
        return complete != null && state != DEAD && complete[state];
    }

    boolean hasCompleteStates() {
        return complete != null;
    }

    int start() {
        return start;
    }

    int size() {
        return accepting.length;
    }

    boolean isEmpty() {
        return start == DEAD;
    }

    boolean accepting(int state) {
        return state != DEAD && accepting[state];
    }

    int step(int state, int b) {
        return state == DEAD ? DEAD : next[(state << 8) | b];
    }

    int run(int state, byte[] bytes) {
        for (byte b : bytes) {
            state = step(state, b & 0xFF);
        }
        return state;
    }

    boolean accepts(byte[] bytes) {
        return accepting(run(start, bytes));
    }

    /** Subset construction. */
    static ByteDfa determinize(ByteNfa nfa, int nfaStart, int nfaAccept) {
        Closure closure = new Closure(nfa);
        Map<IntKey, Integer> ids = new HashMap<>();
        List<int[]> sets = new ArrayList<>();
        IntList table = new IntList();
        int[] startSet = closure.of(new int[] {nfaStart}, 1);
        ids.put(new IntKey(startSet), 0);
        sets.add(startSet);
        Map<IntKey, Integer> byTargets = new HashMap<>();
        for (int d = 0; d < sets.size(); d++) {
            int[] set = sets.get(d);
            int[] row = new int[256];
            Arrays.fill(row, DEAD);
            int[] bounds = boundaries(nfa, set);
            int[] targets = new int[16];
            for (int k = 0; k + 1 < bounds.length; k++) {
                int b = bounds[k];
                int n = 0;
                for (int s : set) {
                    for (int e = 0; e < nfa.edgeCount(s); e++) {
                        if (nfa.edgeLo(s, e) <= b && b <= nfa.edgeHi(s, e)) {
                            if (n == targets.length) {
                                targets = Arrays.copyOf(targets, n * 2);
                            }
                            targets[n++] = nfa.edgeTarget(s, e);
                        }
                    }
                }
                if (n == 0) {
                    continue;
                }
                IntKey targetKey = new IntKey(sortedUnique(targets, n));
                Integer id = byTargets.get(targetKey);
                if (id == null) {
                    int[] closed = closure.of(targetKey.values, targetKey.values.length);
                    IntKey key = new IntKey(closed);
                    id = ids.get(key);
                    if (id == null) {
                        id = sets.size();
                        if (id == MAX_STATES) {
                            throw new IllegalArgumentException("the constraint's automaton exceeds " + MAX_STATES
                                    + " states; use smaller repetition counts or lengths");
                        }
                        ids.put(key, id);
                        sets.add(closed);
                    }
                    byTargets.put(targetKey, id);
                }
                Arrays.fill(row, b, bounds[k + 1], id);
            }
            table.addAll(row);
        }
        boolean[] accepting = new boolean[sets.size()];
        for (int d = 0; d < accepting.length; d++) {
            accepting[d] = Arrays.binarySearch(sets.get(d), nfaAccept) >= 0;
        }
        return new ByteDfa(table.toArray(), accepting, 0).trim();
    }

    /** Sorted distinct points where the set of matching edges can change, ending with 256. */
    private static int[] boundaries(ByteNfa nfa, int[] set) {
        IntList points = new IntList();
        for (int s : set) {
            for (int e = 0; e < nfa.edgeCount(s); e++) {
                points.add(nfa.edgeLo(s, e));
                points.add(nfa.edgeHi(s, e) + 1);
            }
        }
        points.add(256);
        int[] p = points.toArray();
        return sortedUnique(p, p.length);
    }

    private static int[] sortedUnique(int[] values, int n) {
        int[] v = Arrays.copyOf(values, n);
        Arrays.sort(v);
        int m = 0;
        for (int i = 0; i < v.length; i++) {
            if (m == 0 || v[m - 1] != v[i]) {
                v[m++] = v[i];
            }
        }
        return Arrays.copyOf(v, m);
    }

    /** The product automaton; a side that is dead counts as non-accepting. */
    static ByteDfa product(ByteDfa a, ByteDfa b, Acceptance acceptance) {
        Map<Long, Integer> ids = new HashMap<>();
        IntList pairsA = new IntList();
        IntList pairsB = new IntList();
        IntList table = new IntList();
        if (a.start == DEAD && b.start == DEAD) {
            return empty();
        }
        ids.put(pairKey(a.start, b.start), 0);
        pairsA.add(a.start);
        pairsB.add(b.start);
        int[] row = new int[256];
        for (int d = 0; d < pairsA.size(); d++) {
            int sa = pairsA.get(d);
            int sb = pairsB.get(d);
            for (int c = 0; c < 256; c++) {
                int ta = a.step(sa, c);
                int tb = b.step(sb, c);
                if (ta == DEAD && tb == DEAD) {
                    row[c] = DEAD;
                    continue;
                }
                long key = pairKey(ta, tb);
                Integer id = ids.get(key);
                if (id == null) {
                    id = pairsA.size();
                    if (id == MAX_STATES) {
                        throw new IllegalArgumentException("the combined constraint's automaton exceeds "
                                + MAX_STATES + " states; simplify the and/or/not combination");
                    }
                    ids.put(key, id);
                    pairsA.add(ta);
                    pairsB.add(tb);
                }
                row[c] = id;
            }
            table.addAll(row);
        }
        boolean[] accepting = new boolean[pairsA.size()];
        for (int d = 0; d < accepting.length; d++) {
            accepting[d] = acceptance.accept(a.accepting(pairsA.get(d)), b.accepting(pairsB.get(d)));
        }
        return new ByteDfa(table.toArray(), accepting, 0).trim();
    }

    private static long pairKey(int a, int b) {
        return ((long) (a + 1) << 32) | (b + 1);
    }

    static ByteDfa empty() {
        return new ByteDfa(new int[0], new boolean[0], DEAD);
    }

    /** Keeps only states reachable from the start that can reach an accepting state, renumbered from 0. */
    ByteDfa trim() {
        int n = size();
        if (start == DEAD) {
            return this;
        }
        boolean[] reachable = new boolean[n];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        reachable[start] = true;
        queue.add(start);
        int[][] reverse = new int[n][];
        int[] reverseCount = new int[n];
        while (!queue.isEmpty()) {
            int s = queue.poll();
            int previous = DEAD;
            for (int c = 0; c < 256; c++) {
                int t = next[(s << 8) | c];
                if (t == DEAD || t == previous) {
                    continue;
                }
                previous = t;
                if (reverse[t] == null) {
                    reverse[t] = new int[4];
                } else if (reverseCount[t] == reverse[t].length) {
                    reverse[t] = Arrays.copyOf(reverse[t], reverse[t].length * 2);
                }
                reverse[t][reverseCount[t]++] = s;
                if (!reachable[t]) {
                    reachable[t] = true;
                    queue.add(t);
                }
            }
        }
        boolean[] live = new boolean[n];
        for (int s = 0; s < n; s++) {
            if (reachable[s] && (accepting[s] || complete(s))) {
                live[s] = true;
                queue.add(s);
            }
        }
        while (!queue.isEmpty()) {
            int t = queue.poll();
            for (int i = 0; i < reverseCount[t]; i++) {
                int s = reverse[t][i];
                if (!live[s]) {
                    live[s] = true;
                    queue.add(s);
                }
            }
        }
        if (!live[start]) {
            return empty();
        }
        int[] newId = new int[n];
        int m = 0;
        for (int s = 0; s < n; s++) {
            newId[s] = live[s] ? m++ : DEAD;
        }
        int[] table = new int[m << 8];
        boolean[] acc = new boolean[m];
        boolean[] done = complete == null ? null : new boolean[m];
        for (int s = 0; s < n; s++) {
            if (!live[s]) {
                continue;
            }
            int base = newId[s] << 8;
            for (int c = 0; c < 256; c++) {
                int t = next[(s << 8) | c];
                table[base | c] = t == DEAD ? DEAD : newId[t];
            }
            acc[newId[s]] = accepting[s];
            if (done != null) {
                done[newId[s]] = complete[s];
            }
        }
        return new ByteDfa(table, acc, done, newId[start]);
    }

    /** Merges equivalent states (Moore's partition refinement over byte classes); skipped for huge automata. */
    ByteDfa minimize() {
        int n = size();
        if (start == DEAD || n <= 1 || n > 4000) {
            return this;
        }
        ByteClasses classes = ByteClasses.of(next, n);
        int k = classes.count();
        int[] representative = classes.representatives();
        int[] block = new int[n];
        for (int s = 0; s < n; s++) {
            block[s] = (accepting[s] ? 1 : 0) + (complete(s) ? 2 : 0);
        }
        int blocks = -1;
        while (true) {
            Map<IntKey, Integer> signatures = new HashMap<>();
            int[] refined = new int[n];
            for (int s = 0; s < n; s++) {
                int[] sig = new int[k + 1];
                sig[0] = block[s];
                for (int c = 0; c < k; c++) {
                    int t = next[(s << 8) | representative[c]];
                    sig[c + 1] = t == DEAD ? DEAD : block[t];
                }
                IntKey key = new IntKey(sig);
                Integer id = signatures.get(key);
                if (id == null) {
                    id = signatures.size();
                    signatures.put(key, id);
                }
                refined[s] = id;
            }
            block = refined;
            if (signatures.size() == blocks) {
                break;
            }
            blocks = signatures.size();
        }
        int[] table = new int[blocks << 8];
        boolean[] acc = new boolean[blocks];
        boolean[] done = complete == null ? null : new boolean[blocks];
        for (int s = 0; s < n; s++) {
            int base = block[s] << 8;
            for (int c = 0; c < 256; c++) {
                int t = next[(s << 8) | c];
                table[base | c] = t == DEAD ? DEAD : block[t];
            }
            acc[block[s]] = accepting[s];
            if (done != null) {
                done[block[s]] = complete[s];
            }
        }
        return new ByteDfa(table, acc, done, block[start]);
    }

    /** Copies this automaton into an NFA between {@code from} and {@code to} (for concatenations). */
    void embed(ByteNfa nfa, int from, int to) {
        if (start == DEAD) {
            return;
        }
        int n = size();
        int[] mapped = new int[n];
        for (int s = 0; s < n; s++) {
            mapped[s] = nfa.newState();
        }
        nfa.epsilon(from, mapped[start]);
        for (int s = 0; s < n; s++) {
            int c = 0;
            while (c < 256) {
                int t = next[(s << 8) | c];
                int end = c;
                while (end + 1 < 256 && next[(s << 8) | (end + 1)] == t) {
                    end++;
                }
                if (t != DEAD) {
                    nfa.edge(mapped[s], c, end, mapped[t]);
                }
                c = end + 1;
            }
            if (accepting[s]) {
                nfa.epsilon(mapped[s], to);
            }
        }
    }

    int[] table() {
        return next;
    }

    /** Epsilon closures with a reusable visit stamp. */
    private static final class Closure {
        private final ByteNfa nfa;
        private final int[] seen;
        private int stamp;
        private int[] stack = new int[64];

        Closure(ByteNfa nfa) {
            this.nfa = nfa;
            this.seen = new int[nfa.stateCount()];
        }

        int[] of(int[] seeds, int n) {
            stamp++;
            IntList out = new IntList();
            int top = 0;
            for (int i = 0; i < n; i++) {
                if (seen[seeds[i]] != stamp) {
                    seen[seeds[i]] = stamp;
                    stack = push(stack, top++, seeds[i]);
                }
            }
            while (top > 0) {
                int s = stack[--top];
                out.add(s);
                for (int e = 0; e < nfa.epsilonCount(s); e++) {
                    int t = nfa.epsilonTarget(s, e);
                    if (seen[t] != stamp) {
                        seen[t] = stamp;
                        stack = push(stack, top++, t);
                    }
                }
            }
            int[] result = out.toArray();
            Arrays.sort(result);
            return result;
        }

        private static int[] push(int[] stack, int top, int value) {
            if (top == stack.length) {
                stack = Arrays.copyOf(stack, top * 2);
            }
            stack[top] = value;
            return stack;
        }
    }

    /** An int array with value equality, for hash keys. */
    static final class IntKey {
        final int[] values;
        private final int hash;

        IntKey(int[] values) {
            this.values = values;
            this.hash = Arrays.hashCode(values);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof IntKey && Arrays.equals(((IntKey) o).values, values);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
