package dev.lmql.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lmql.trace.BackendMetrics;
import dev.lmql.trace.CertificateCheck;
import dev.lmql.trace.CertificateEvent;
import dev.lmql.trace.InferenceCertificate;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code lmql certificate show|verify|replay|diff}. */
@Command(name = "certificate", mixinStandardHelpOptions = true,
        description = "Inspect, check, reproduce and compare inference certificates.",
        subcommands = {CertificateCommand.Show.class, CertificateCommand.Verify.class, ReplayCommand.class,
                CertificateCommand.Diff.class})
final class CertificateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCodes.USAGE;
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Print a readable summary of a certificate (or its JSON with --json).")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "FILE", description = "the certificate JSON file")
        Path file;
        @Option(names = "--json", description = "print the full JSON instead of a summary")
        boolean json;

        @Override
        public Integer call() {
            InferenceCertificate c = CertificateFiles.read(file);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(c.toJson());
            } else {
                print(out, c, "");
            }
            out.flush();
            return ExitCodes.OK;
        }

        private static void print(PrintWriter out, InferenceCertificate c, String indent) {
            out.println(indent + "certificate " + c.name() + c.time().map(t -> "  (" + t + ")").orElse("")
                    + c.version().map(v -> "  lmql " + v).orElse(""));
            c.warning().ifPresent(w -> out.println(indent + "  warning: " + w));
            for (CertificateEvent e : c.events()) {
                out.println(indent + "  " + e.name() + summary(e.data()));
            }
            for (Map.Entry<String, BackendMetrics> m : c.metrics().entrySet()) {
                out.println(indent + "  metrics " + m.getKey() + ": " + m.getValue());
            }
            for (InferenceCertificate child : c.children()) {
                print(out, child, indent + "  ");
            }
        }

        private static String quote(String text) {
            return com.fasterxml.jackson.databind.node.TextNode.valueOf(text).toString();
        }

        private static String summary(JsonNode data) {
            StringBuilder s = new StringBuilder();
            JsonNode model = data.path("model");
            if (model.isObject() && model.has("model")) {
                s.append("  model=").append(model.get("model").asText());
            } else if (model.isTextual()) {
                s.append("  model=").append(model.asText());
            }
            JsonNode ids = data.path("kwargs").path("ids");
            if (ids.isArray()) {
                s.append("  prompt=").append(ids.size()).append(" tokens");
            }
            JsonNode results = data.path("result");
            if (results.isArray()) {
                for (JsonNode r : results) {
                    s.append("  -> ").append(quote(r.path("text").asText(""))).append(" (")
                            .append(r.path("tokens").size()).append(" tokens, ")
                            .append(r.path("finish_reason").asText("scored")).append(")");
                }
            }
            if (data.path("cached").asBoolean(false)) {
                s.append("  [cached]");
            }
            JsonNode variables = data.path("variables");
            if (variables.isObject()) {
                s.append("  ").append(variables);
            }
            return s.toString();
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Check that a certificate is internally consistent (exit 0) or list its problems (exit 1).")
    static final class Verify implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "FILE", description = "the certificate JSON file")
        Path file;

        @Override
        public Integer call() {
            CertificateCheck check = CertificateFiles.read(file).verify();
            PrintWriter out = spec.commandLine().getOut();
            for (String note : check.notes()) {
                out.println("note: " + note);
            }
            for (String problem : check.problems()) {
                out.println("problem: " + problem);
            }
            out.println(check.isConsistent() ? "consistent: " + file : "NOT consistent: " + file);
            out.flush();
            return check.isConsistent() ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
        }
    }

    @Command(name = "diff", mixinStandardHelpOptions = true,
            description = "Compare the model calls of two certificates: which calls and tokens differ (exit 1 if any).")
    static final class Diff implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "A")
        Path first;
        @Parameters(index = "1", paramLabel = "B")
        Path second;

        @Override
        public Integer call() {
            List<CertificateFiles.Call> a = CertificateFiles.modelCalls(CertificateFiles.read(first));
            List<CertificateFiles.Call> b = CertificateFiles.modelCalls(CertificateFiles.read(second));
            PrintWriter out = spec.commandLine().getOut();
            int differences = CallDiff.compare(a, b, out);
            out.println(differences == 0 ? "identical model calls (" + a.size() + ")"
                    : differences + " difference(s) in " + Math.max(a.size(), b.size()) + " model call(s)");
            out.flush();
            return differences == 0 ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
        }
    }
}
