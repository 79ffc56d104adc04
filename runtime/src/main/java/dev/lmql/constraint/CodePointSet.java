package dev.lmql.constraint;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** An immutable set of Unicode code points as sorted, disjoint, non-adjacent inclusive ranges. */
final class CodePointSet {
    static final int MAX = Character.MAX_CODE_POINT;
    static final CodePointSet EMPTY = new CodePointSet(new int[0]);
    static final CodePointSet ALL = range(0, MAX);
    static final CodePointSet DIGIT = range('0', '9');
    static final CodePointSet WORD = of(new int[] {'0', '9', 'A', 'Z', '_', '_', 'a', 'z'});
    static final CodePointSet SPACE = of(new int[] {'\t', '\r', ' ', ' '});
    /** What {@code .} does not match in java.util.regex without DOTALL. */
    static final CodePointSet LINE_TERMINATORS = of(new int[] {'\n', '\n', '\r', '\r', 0x85, 0x85, 0x2028, 0x2029});

    /** Flat pairs lo0, hi0, lo1, hi1, ... */
    private final int[] ranges;

    private CodePointSet(int[] ranges) {
        this.ranges = ranges;
    }

    static CodePointSet range(int lo, int hi) {
        return of(new int[] {lo, hi});
    }

    static CodePointSet single(int cp) {
        return range(cp, cp);
    }

    /** Normalizes arbitrary (lo, hi) pairs: sorts and merges overlapping or adjacent ranges. */
    static CodePointSet of(int[] pairs) {
        int n = pairs.length / 2;
        long[] packed = new long[n];
        for (int i = 0; i < n; i++) {
            packed[i] = ((long) pairs[2 * i] << 32) | (pairs[2 * i + 1] & 0xffffffffL);
        }
        Arrays.sort(packed);
        List<int[]> merged = new ArrayList<>();
        for (long p : packed) {
            int lo = (int) (p >>> 32);
            int hi = (int) p;
            if (lo > hi) {
                continue;
            }
            if (!merged.isEmpty() && lo <= merged.get(merged.size() - 1)[1] + 1) {
                int[] last = merged.get(merged.size() - 1);
                last[1] = Math.max(last[1], hi);
            } else {
                merged.add(new int[] {lo, hi});
            }
        }
        int[] out = new int[merged.size() * 2];
        for (int i = 0; i < merged.size(); i++) {
            out[2 * i] = merged.get(i)[0];
            out[2 * i + 1] = merged.get(i)[1];
        }
        return new CodePointSet(out);
    }

    CodePointSet union(CodePointSet other) {
        int[] all = Arrays.copyOf(ranges, ranges.length + other.ranges.length);
        System.arraycopy(other.ranges, 0, all, ranges.length, other.ranges.length);
        return of(all);
    }

    CodePointSet complement() {
        List<Integer> out = new ArrayList<>();
        int next = 0;
        for (int i = 0; i < ranges.length; i += 2) {
            if (ranges[i] > next) {
                out.add(next);
                out.add(ranges[i] - 1);
            }
            next = ranges[i + 1] + 1;
        }
        if (next <= MAX) {
            out.add(next);
            out.add(MAX);
        }
        return of(out.stream().mapToInt(Integer::intValue).toArray());
    }

    CodePointSet minus(CodePointSet other) {
        return complement().union(other).complement();
    }

    boolean isEmpty() {
        return ranges.length == 0;
    }

    boolean contains(int cp) {
        for (int i = 0; i < ranges.length; i += 2) {
            if (cp >= ranges[i] && cp <= ranges[i + 1]) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CodePointSet && Arrays.equals(((CodePointSet) o).ranges, ranges);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(ranges);
    }

    int rangeCount() {
        return ranges.length / 2;
    }

    int lo(int i) {
        return ranges[2 * i];
    }

    int hi(int i) {
        return ranges[2 * i + 1];
    }
}
