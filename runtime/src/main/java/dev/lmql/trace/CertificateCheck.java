package dev.lmql.trace;

import java.util.List;

/**
 * The outcome of {@link InferenceCertificate#verify()}.
 *
 * @param problems inconsistencies found, each naming the certificate path and what does not add up
 * @param notes    things that could not be checked (e.g. a backend that records no result text)
 */
public record CertificateCheck(List<String> problems, List<String> notes) {

    public CertificateCheck {
        problems = List.copyOf(problems);
        notes = List.copyOf(notes);
    }

    /** Whether no problem was found. */
    public boolean isConsistent() {
        return problems.isEmpty();
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(isConsistent() ? "consistent" : "INCONSISTENT");
        for (String problem : problems) {
            out.append("\n  problem: ").append(problem);
        }
        for (String note : notes) {
            out.append("\n  note: ").append(note);
        }
        return out.toString();
    }
}
