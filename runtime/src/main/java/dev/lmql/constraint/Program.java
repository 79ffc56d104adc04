package dev.lmql.constraint;

/**
 * The final automaton of a hole's constraint, with its table compressed by byte classes for fast mask walks.
 * Every state is alive (can still reach an accepting or complete state); {@link ByteDfa#DEAD} is "no way on".
 */
final class Program {
    final int[] classOf;
    final int classCount;
    /** {@code table[state * classCount + classOf[byte]]}. */
    final int[] table;
    final boolean[] accepting;
    final boolean[] complete;
    final int start;

    private Program(int[] classOf, int classCount, int[] table, boolean[] accepting, boolean[] complete, int start) {
        this.classOf = classOf;
        this.classCount = classCount;
        this.table = table;
        this.accepting = accepting;
        this.complete = complete;
        this.start = start;
    }

    static Program of(ByteDfa dfa) {
        int n = dfa.size();
        if (dfa.isEmpty()) {
            return new Program(new int[256], 1, new int[0], new boolean[0], new boolean[0], ByteDfa.DEAD);
        }
        ByteClasses classes = ByteClasses.of(dfa.table(), n);
        int k = classes.count();
        int[] rep = classes.representatives();
        int[] table = new int[n * k];
        boolean[] accepting = new boolean[n];
        boolean[] complete = new boolean[n];
        for (int s = 0; s < n; s++) {
            for (int c = 0; c < k; c++) {
                table[s * k + c] = dfa.step(s, rep[c]);
            }
            accepting[s] = dfa.accepting(s);
            complete[s] = dfa.complete(s);
        }
        return new Program(classes.classOfArray(), k, table, accepting, complete, dfa.start());
    }

    int stateCount() {
        return accepting.length;
    }

    int step(int state, int b) {
        return state == ByteDfa.DEAD ? ByteDfa.DEAD : table[state * classCount + classOf[b & 0xFF]];
    }

    /** Runs the bytes from the state; a complete state absorbs everything after it. */
    int run(int state, byte[] bytes) {
        for (byte b : bytes) {
            if (state == ByteDfa.DEAD || complete[state]) {
                return state;
            }
            state = table[state * classCount + classOf[b & 0xFF]];
        }
        return state;
    }

    /**
     * Fewest characters (UTF-8 sequence starts) from each state to an accepting or complete state; a large value
     * for states that cannot get there. A 0-1 breadth-first search over the reversed transitions.
     */
    int[] minCharsToAccept() {
        int n = stateCount();
        int far = Integer.MAX_VALUE / 2;
        int[] dist = new int[n];
        java.util.Arrays.fill(dist, far);
        IntList[] reverseFree = new IntList[n];
        IntList[] reverseCounted = new IntList[n];
        for (int s = 0; s < n; s++) {
            for (int b = 0; b < 256; b++) {
                int t = step(s, b);
                if (t == ByteDfa.DEAD) {
                    continue;
                }
                IntList[] lists = (b & 0xC0) == 0x80 ? reverseFree : reverseCounted;
                if (lists[t] == null) {
                    lists[t] = new IntList();
                }
                lists[t].add(s);
            }
        }
        java.util.ArrayDeque<Integer> deque = new java.util.ArrayDeque<>();
        for (int s = 0; s < n; s++) {
            if (accepting[s] || complete[s]) {
                dist[s] = 0;
                deque.add(s);
            }
        }
        while (!deque.isEmpty()) {
            int t = deque.pollFirst();
            if (reverseFree[t] != null) {
                for (int i = 0; i < reverseFree[t].size(); i++) {
                    int s = reverseFree[t].get(i);
                    if (dist[t] < dist[s]) {
                        dist[s] = dist[t];
                        deque.addFirst(s);
                    }
                }
            }
            if (reverseCounted[t] != null) {
                for (int i = 0; i < reverseCounted[t].size(); i++) {
                    int s = reverseCounted[t].get(i);
                    if (dist[t] + 1 < dist[s]) {
                        dist[s] = dist[t] + 1;
                        deque.addLast(s);
                    }
                }
            }
        }
        return dist;
    }

    boolean accepting(int state) {
        return state != ByteDfa.DEAD && accepting[state];
    }

    boolean complete(int state) {
        return state != ByteDfa.DEAD && complete[state];
    }
}
