package dev.lmql.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.List;

/** Compares two certificates' model calls pairwise: event name, prompt ids, and each result's tokens. */
final class CallDiff {
    private CallDiff() {
    }

    static int compare(List<CertificateFiles.Call> a, List<CertificateFiles.Call> b, PrintWriter out) {
        int differences = 0;
        int n = Math.max(a.size(), b.size());
        for (int i = 0; i < n; i++) {
            if (i >= a.size() || i >= b.size()) {
                CertificateFiles.Call only = i < a.size() ? a.get(i) : b.get(i);
                out.println("call " + i + ": only in " + (i < a.size() ? "A" : "B") + " (" + only.event().name() + ")");
                differences++;
                continue;
            }
            JsonNode x = a.get(i).event().data();
            JsonNode y = b.get(i).event().data();
            String where = "call " + i + " (" + a.get(i).event().name() + ")";
            if (!a.get(i).event().name().equals(b.get(i).event().name())) {
                out.println(where + ": event " + a.get(i).event().name() + " vs " + b.get(i).event().name());
                differences++;
                continue;
            }
            String prompt = firstDifference(x.path("kwargs").path("ids"), y.path("kwargs").path("ids"));
            if (prompt != null) {
                out.println(where + ": prompt ids differ " + prompt);
                differences++;
            }
            if (!x.path("kwargs").equals(y.path("kwargs")) && prompt == null) {
                out.println(where + ": parameters differ: " + x.path("kwargs") + " vs " + y.path("kwargs"));
                differences++;
            }
            JsonNode rx = x.path("result");
            JsonNode ry = y.path("result");
            for (int r = 0; r < Math.max(rx.size(), ry.size()); r++) {
                String tokens = firstDifference(rx.path(r).path("tokens"), ry.path(r).path("tokens"));
                if (tokens != null) {
                    out.println(where + ": result " + r + " tokens differ " + tokens);
                    differences++;
                }
            }
        }
        return differences;
    }

    /** Null when equal, else where the two id arrays first differ and what each holds there. */
    static String firstDifference(JsonNode x, JsonNode y) {
        int n = Math.max(x.size(), y.size());
        for (int i = 0; i < n; i++) {
            JsonNode p = x.path(i);
            JsonNode q = y.path(i);
            if (!p.equals(q)) {
                return "at position " + i + ": " + (p.isMissingNode() ? "(end)" : p.toString()) + " vs "
                        + (q.isMissingNode() ? "(end)" : q.toString());
            }
        }
        return null;
    }
}
