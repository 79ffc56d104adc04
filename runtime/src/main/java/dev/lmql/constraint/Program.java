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

    boolean accepting(int state) {
        return state != ByteDfa.DEAD && accepting[state];
    }

    boolean complete(int state) {
        return state != ByteDfa.DEAD && complete[state];
    }
}
