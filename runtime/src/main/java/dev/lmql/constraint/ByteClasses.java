package dev.lmql.constraint;

import java.util.HashMap;
import java.util.Map;

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

    /** Classes of a dense table with 256 columns per state. */
    static ByteClasses of(int[] table, int states) {
        int[] classOf = new int[256];
        int count = 1;
        for (int s = 0; s < states && count < 256; s++) {
            Map<Long, Integer> refined = new HashMap<>();
            int[] next = new int[256];
            for (int c = 0; c < 256; c++) {
                long key = ((long) classOf[c] << 32) | (table[(s << 8) | c] & 0xffffffffL);
                Integer id = refined.get(key);
                if (id == null) {
                    id = refined.size();
                    refined.put(key, id);
                }
                next[c] = id;
            }
            classOf = next;
            count = refined.size();
        }
        return new ByteClasses(classOf, count);
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
