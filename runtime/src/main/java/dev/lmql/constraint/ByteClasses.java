package dev.lmql.constraint;

/**
 * A partition of the 256 byte values into classes that every state of an automaton treats alike, so tables and
 * refinements work on a handful of classes instead of 256 bytes.
 */
final class ByteClasses {
    private final int[] classOf;
    private final int count;

    private ByteClasses(int[] classOf, int count) {
        this.classOf = classOf;
        this.count = count;
    }

    /** Classes of a dense table with 256 columns per state: bytes whose columns are equal share a class. */
    static ByteClasses of(int[] table, int states) {
        long[] hash = new long[256];
        for (int s = 0; s < states; s++) {
            int base = s << 8;
            for (int b = 0; b < 256; b++) {
                hash[b] = hash[b] * 1_000_003L + table[base + b];
            }
        }
        int[] classOf = new int[256];
        int[] representative = new int[256];
        int count = 0;
        for (int b = 0; b < 256; b++) {
            int found = -1;
            for (int c = 0; c < count && found < 0; c++) {
                int r = representative[c];
                if (hash[r] == hash[b] && sameColumn(table, states, r, b)) {
                    found = c;
                }
            }
            if (found < 0) {
                found = count;
                representative[count++] = b;
            }
            classOf[b] = found;
        }
        return new ByteClasses(classOf, count);
    }

    private static boolean sameColumn(int[] table, int states, int a, int b) {
        for (int s = 0; s < states; s++) {
            if (table[(s << 8) | a] != table[(s << 8) | b]) {
                return false;
            }
        }
        return true;
    }

    int count() {
        return count;
    }

    int classOf(int b) {
        return classOf[b];
    }

    int[] classOfArray() {
        return classOf.clone();
    }

    /** One byte of each class. */
    int[] representatives() {
        int[] rep = new int[count];
        java.util.Arrays.fill(rep, -1);
        for (int b = 0; b < 256; b++) {
            if (rep[classOf[b]] < 0) {
                rep[classOf[b]] = b;
            }
        }
        return rep;
    }
}
