package dev.lmql;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of {@link Lmql#replay}: for every model call a certificate records, whether re-running it gave the
 * same tokens, and where it first differed.
 *
 * @param certificate the replayed certificate's name
 * @param calls       one check per recorded (or additionally replayed) model call, in recording order
 * @param problems    what else did not reproduce or could not be re-run (a different result, a model that cannot be
 *                    created, ...)
 */
public record VerificationReport(String certificate, List<CallCheck> calls, List<String> problems) {

    public VerificationReport {
        Objects.requireNonNull(certificate, "certificate");
        calls = List.copyOf(calls);
        problems = List.copyOf(problems);
    }

    /** Whether every call reproduced token for token, the results are the same, and at least one call was re-run. */
    public boolean reproduced() {
        return problems.isEmpty() && !calls.isEmpty()
                && calls.stream().allMatch(c -> c.status() == Status.REPRODUCED);
    }

    /** The calls that did not reproduce. */
    public List<CallCheck> differences() {
        List<CallCheck> out = new ArrayList<>();
        for (CallCheck c : calls) {
            if (c.status() != Status.REPRODUCED) {
                out.add(c);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("replay of ").append(certificate).append(": ")
                .append(reproduced() ? "REPRODUCED" : "NOT REPRODUCED").append(" (")
                .append(calls.size() - differences().size()).append(" of ").append(calls.size())
                .append(" calls identical)");
        for (CallCheck c : calls) {
            out.append("\n  ").append(c);
        }
        for (String p : problems) {
            out.append("\n  problem: ").append(p);
        }
        return out.toString();
    }

    /** How one call compared. */
    public enum Status {
        /** Same prompt, same model, same result tokens. */
        REPRODUCED,
        /** Re-run, but something differs (see {@link CallCheck#detail()}). */
        DIFFERENT,
        /** Recorded, but the replay made no such call (it diverged earlier or ended sooner). */
        MISSING,
        /** Made by the replay, but not in the certificate. */
        EXTRA,
        /** Recorded, but could not be re-run (no {@code lmql.Query} event, or the model is unavailable). */
        NOT_REPLAYED
    }

    /**
     * One model call's comparison.
     *
     * @param path            the call's event in the recorded certificate, e.g. {@code $.children[0].events[2]}
     *                        (for an extra call: its path in the replay)
     * @param event           the event name, e.g. {@code random.generate}
     * @param status          the outcome
     * @param firstDifference the first differing token position in the result (or in the prompt, see detail);
     *                        -1 when nothing differs or the tokens were not compared
     * @param expected        the recorded tokens from {@code firstDifference} on (at most 16)
     * @param actual          the replayed tokens from {@code firstDifference} on (at most 16)
     * @param detail          what differs, in words
     */
    public record CallCheck(String path, String event, Status status, int firstDifference, List<Integer> expected,
            List<Integer> actual, String detail) {

        public CallCheck {
            expected = List.copyOf(expected);
            actual = List.copyOf(actual);
        }

        @Override
        public String toString() {
            String s = status + " " + event + " at " + path;
            if (firstDifference >= 0) {
                s += ", first difference at position " + firstDifference + ": expected " + expected + ", got " + actual;
            }
            return detail.isEmpty() ? s : s + " (" + detail + ")";
        }
    }
}
