package dev.lmql.constraint;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Adds stop phrases to a value automaton. The result has an absorbing "complete" state entered at the first byte
 * where a phrase ends — also in the middle of a token, whose remaining bytes are then cut off — provided the value
 * the hole then gets (up to and including the phrase for STOPS_AT, before it for STOPS_BEFORE) is accepted by the
 * value automaton. If several phrases end at the same byte, the longest one decides (as {@link StopPhrases} does).
 */
final class StopCombiner {
    private static final int COMPLETE = -2;

    private StopCombiner() {
    }

    static ByteDfa combine(ByteDfa value, List<Terms.Stop> stops) {
        int k = stops.size();
        ByteDfa[] detectors = new ByteDfa[k];
        ByteDfa[] before = new ByteDfa[k];
        int[] lengths = new int[k];
        for (int i = 0; i < k; i++) {
            byte[] phrase = stops.get(i).phrase().getBytes(StandardCharsets.UTF_8);
            lengths[i] = phrase.length;
            detectors[i] = ValueAutomata.endsWith(phrase);
            before[i] = stops.get(i).keep() ? null : ValueAutomata.followedBy(value, phrase);
        }
        Map<ByteDfa.IntKey, Integer> ids = new HashMap<>();
        List<int[]> tuples = new ArrayList<>();
        IntList table = new IntList();
        int[] first = new int[1 + 2 * k];
        first[0] = value.start();
        for (int i = 0; i < k; i++) {
            first[1 + i] = detectors[i].start();
            first[1 + k + i] = before[i] == null ? ByteDfa.DEAD : before[i].start();
        }
        ids.put(new ByteDfa.IntKey(first), 0);
        tuples.add(first);
        int completeId = -1;
        int[] row = new int[256];
        for (int d = 0; d < tuples.size(); d++) {
            int[] tuple = tuples.get(d);
            if (tuple[0] == COMPLETE) {
                java.util.Arrays.fill(row, d);
                table.addAll(row);
                continue;
            }
            for (int b = 0; b < 256; b++) {
                int[] next = new int[tuple.length];
                next[0] = value.step(tuple[0], b);
                int fired = -1;
                for (int i = 0; i < k; i++) {
                    next[1 + i] = detectors[i].step(tuple[1 + i], b);
                    next[1 + k + i] = before[i] == null ? ByteDfa.DEAD : before[i].step(tuple[1 + k + i], b);
                    if (detectors[i].accepting(next[1 + i]) && (fired < 0 || lengths[i] > lengths[fired])) {
                        fired = i;
                    }
                }
                int target;
                if (fired >= 0) {
                    boolean ok = stops.get(fired).keep() ? value.accepting(next[0])
                            : before[fired].accepting(next[1 + k + fired]);
                    if (!ok) {
                        target = ByteDfa.DEAD;
                    } else {
                        if (completeId < 0) {
                            completeId = tuples.size();
                            tuples.add(new int[] {COMPLETE});
                        }
                        target = completeId;
                    }
                } else {
                    ByteDfa.IntKey key = new ByteDfa.IntKey(next);
                    Integer id = ids.get(key);
                    if (id == null) {
                        id = tuples.size();
                        if (id == ByteDfa.MAX_STATES) {
                            throw new IllegalArgumentException("the constraint with its stop phrases exceeds "
                                    + ByteDfa.MAX_STATES + " automaton states; use fewer or shorter stop phrases");
                        }
                        ids.put(key, id);
                        tuples.add(next);
                    }
                    target = id;
                }
                row[b] = target;
            }
            table.addAll(row);
        }
        int n = tuples.size();
        boolean[] accepting = new boolean[n];
        boolean[] complete = new boolean[n];
        for (int d = 0; d < n; d++) {
            int[] tuple = tuples.get(d);
            complete[d] = tuple[0] == COMPLETE;
            accepting[d] = !complete[d] && value.accepting(tuple[0]);
        }
        return new ByteDfa(table.toArray(), accepting, complete, 0).trim().minimize();
    }
}
