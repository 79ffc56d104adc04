package dev.lmql.constraint;

import dev.lmql.lang.CodePointSet;
import java.util.Arrays;

/**
 * A Thompson NFA over bytes: epsilon moves and byte-range edges. Built by the regex compiler and the other
 * value automata, then determinized into a {@link ByteDfa}.
 */
final class ByteNfa {
    /** Larger automata are refused with an error instead of exhausting memory. */
    static final int MAX_STATES = 400_000;

    private int count;
    private int[][] eps = new int[64][];
    private int[] epsCount = new int[64];
    /** Packed triples lo, hi, target per state. */
    private int[][] edges = new int[64][];
    private int[] edgeCount = new int[64];

    int newState() {
        if (count == MAX_STATES) {
            throw new IllegalArgumentException("the constraint's automaton exceeds " + MAX_STATES
                    + " states; use smaller repetition counts or lengths");
        }
        if (count == eps.length) {
            int n = count * 2;
            eps = Arrays.copyOf(eps, n);
            epsCount = Arrays.copyOf(epsCount, n);
            edges = Arrays.copyOf(edges, n);
            edgeCount = Arrays.copyOf(edgeCount, n);
        }
        return count++;
    }

    int stateCount() {
        return count;
    }

    void epsilon(int from, int to) {
        int[] list = eps[from];
        if (list == null) {
            list = eps[from] = new int[2];
        } else if (epsCount[from] == list.length) {
            list = eps[from] = Arrays.copyOf(list, list.length * 2);
        }
        list[epsCount[from]++] = to;
    }

    void edge(int from, int lo, int hi, int to) {
        int[] list = edges[from];
        if (list == null) {
            list = edges[from] = new int[6];
        } else if (edgeCount[from] * 3 + 3 > list.length) {
            list = edges[from] = Arrays.copyOf(list, list.length * 2);
        }
        int k = edgeCount[from]++ * 3;
        list[k] = lo;
        list[k + 1] = hi;
        list[k + 2] = to;
    }

    /** Edges from {@code from} to {@code to} reading exactly the UTF-8 encoding of one code point of the set. */
    void codePoints(int from, CodePointSet set, int to) {
        for (int r = 0; r < set.rangeCount(); r++) {
            Utf8Sequences.forEach(set.lo(r), set.hi(r), seq -> {
                int at = from;
                for (int i = 0; i < seq.length; i += 2) {
                    int next = i + 2 == seq.length ? to : newState();
                    edge(at, seq[i], seq[i + 1], next);
                    at = next;
                }
            });
        }
    }

    /** A chain reading exactly these bytes. */
    void bytes(int from, byte[] bytes, int to) {
        if (bytes.length == 0) {
            epsilon(from, to);
            return;
        }
        int at = from;
        for (int i = 0; i < bytes.length; i++) {
            int next = i + 1 == bytes.length ? to : newState();
            int b = bytes[i] & 0xFF;
            edge(at, b, b, next);
            at = next;
        }
    }

    int epsilonCount(int state) {
        return epsCount[state];
    }

    int epsilonTarget(int state, int i) {
        return eps[state][i];
    }

    int edgeCount(int state) {
        return edgeCount[state];
    }

    int edgeLo(int state, int i) {
        return edges[state][3 * i];
    }

    int edgeHi(int state, int i) {
        return edges[state][3 * i + 1];
    }

    int edgeTarget(int state, int i) {
        return edges[state][3 * i + 2];
    }
}
