package dev.lmql.lang;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** An immutable set of Unicode code points as sorted, disjoint, non-adjacent inclusive ranges. */
public final class CodePointSet {
    static final int MAX = Character.MAX_CODE_POINT;
    public static final CodePointSet EMPTY = new CodePointSet(new int[0]);
    public static final CodePointSet ALL = range(0, MAX);
    public static final CodePointSet DIGIT = range('0', '9');
    public static final CodePointSet WORD = of(new int[] {'0', '9', 'A', 'Z', '_', '_', 'a', 'z'});
    public static final CodePointSet SPACE = of(new int[] {'\t', '\r', ' ', ' '});
    /** What {@code .} does not match in java.util.regex without DOTALL. */
    public static final CodePointSet LINE_TERMINATORS = of(new int[] {'\n', '\n', '\r', '\r', 0x85, 0x85, 0x2028, 0x2029});

    /** Flat pairs lo0, hi0, lo1, hi1, ... */
    private final int[] ranges;

    private CodePointSet(int[] ranges) {
        this.ranges = ranges;
    }

    public static CodePointSet range(int lo, int hi) {
        return of(new int[] {lo, hi});
    }

    public static CodePointSet single(int cp) {
        return range(cp, cp);
    }

    /** Normalizes arbitrary (lo, hi) pairs: sorts and merges overlapping or adjacent ranges. */
    public static CodePointSet of(int[] pairs) {
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

    public CodePointSet union(CodePointSet other) {
        int[] all = Arrays.copyOf(ranges, ranges.length + other.ranges.length);
        System.arraycopy(other.ranges, 0, all, ranges.length, other.ranges.length);
        return of(all);
    }

    public CodePointSet complement() {
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

    public CodePointSet minus(CodePointSet other) {
        return complement().union(other).complement();
    }

    public boolean isEmpty() {
        return ranges.length == 0;
    }

    public boolean contains(int cp) {
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

    public int rangeCount() {
        return ranges.length / 2;
    }

    public int lo(int i) {
        return ranges[2 * i];
    }

    public int hi(int i) {
        return ranges[2 * i + 1];
    }
}
