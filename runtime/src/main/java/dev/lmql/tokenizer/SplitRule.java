package dev.lmql.tokenizer;

import java.util.List;

/** One pre-tokenizer pass: splits the code points {@code [start, end)} into consecutive piece lengths. */
interface SplitRule {
    /** Appends the lengths (in code points) of the pieces of {@code cpts[start..end)}; they sum to {@code end-start}. */
    void split(int[] cpts, int start, int end, List<Integer> lengths);
}
