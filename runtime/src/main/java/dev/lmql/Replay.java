package dev.lmql;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lmql.VerificationReport.CallCheck;
import dev.lmql.VerificationReport.Status;
import dev.lmql.trace.CertificateEvent;
import dev.lmql.trace.InferenceCertificate;
import dev.lmql.trace.TraceEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Re-executes what a certificate records and compares: every node with an {@code lmql.Query} event (a query, a
 * {@code generate} or {@code score} call) is run again by a {@link Runner}, and its model calls and result are
 * compared with the recorded ones. Model calls outside any such node cannot be re-run and are reported as
 * {@link Status#NOT_REPLAYED}.
 */
final class Replay {

    /** Runs one recorded call again and returns the certificate node of the new run. */
    @FunctionalInterface
    interface Runner {
        /**
         * @param name  the recorded node's name
         * @param query the data of its {@code lmql.Query} event
         * @return the replay's certificate node for the call (its events and children)
         */
        InferenceCertificate rerun(String name, JsonNode query) throws Exception;
    }

    private final Runner runner;
    private final List<CallCheck> calls = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    private Replay(Runner runner) {
        this.runner = runner;
    }

    static VerificationReport replay(InferenceCertificate certificate, Runner runner) {
        Objects.requireNonNull(certificate, "certificate");
        Replay replay = new Replay(runner);
        if (certificate.isUntraced()) {
            replay.problems.add("the certificate is untraced: it records no call to re-run");
        } else {
            replay.visit(certificate, "$");
            if (replay.calls.isEmpty() && replay.problems.isEmpty()) {
                replay.problems.add("the certificate records no model call to re-run");
            }
        }
        return new VerificationReport(certificate.name(), replay.calls, replay.problems);
    }

    private void visit(InferenceCertificate node, String path) {
        List<CertificateEvent> queries = node.events(TraceEvents.QUERY);
        if (!queries.isEmpty()) {
            replayUnit(node, path, queries.get(0).data());
            return;
        }
        for (int i = 0; i < node.events().size(); i++) {
            CertificateEvent e = node.events().get(i);
            if (TraceEvents.isModelCall(e.name())) {
                calls.add(new CallCheck(path + ".events[" + i + "]", e.name(), Status.NOT_REPLAYED, -1, List.of(),
                        List.of(), "no " + TraceEvents.QUERY + " event says which call made it"));
            }
        }
        for (int i = 0; i < node.children().size(); i++) {
            visit(node.children().get(i), path + ".children[" + i + "]");
        }
    }

    private void replayUnit(InferenceCertificate node, String path, JsonNode query) {
        List<ReplayComparator.Call> recorded = ReplayComparator.modelCalls(node, path);
        InferenceCertificate again;
        try {
            again = runner.rerun(node.name(), query);
        } catch (Exception | LinkageError e) {
            String reason = e.getMessage() == null ? e.toString() : e.getMessage();
            problems.add(path + " (" + node.name() + ") could not be re-run: " + reason);
            for (ReplayComparator.Call c : recorded) {
                calls.add(new CallCheck(c.path(), c.event().name(), Status.NOT_REPLAYED, -1, List.of(), List.of(),
                        "the call could not be re-run"));
            }
            return;
        }
        calls.addAll(ReplayComparator.compareCalls(recorded, ReplayComparator.modelCalls(again, path)));
        String resultDifference = ReplayComparator.resultDifference(node, again);
        if (resultDifference != null) {
            problems.add(path + " (" + node.name() + "): " + resultDifference);
        }
    }
}
