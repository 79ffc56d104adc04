package dev.lmql.cli;

import dev.lmql.Lmql;
import dev.lmql.VerificationReport;
import dev.lmql.trace.InferenceCertificate;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lmql certificate replay}: re-runs the recorded calls and reports which reproduced token for token. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Re-run the model calls a certificate records against the same model and compare the tokens.",
                "Exit 0 when every call reproduced, 1 when one differs or could not be re-run."})
final class ReplayCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Parameters(paramLabel = "FILE", description = "the certificate JSON file")
    Path file;
    @Option(names = "--model", description = "replay on this model id instead of the recorded one (e.g. the same GGUF file elsewhere)")
    String model;

    @Override
    public Integer call() {
        InferenceCertificate certificate = CertificateFiles.read(file);
        VerificationReport report = model == null ? Lmql.replay(certificate)
                : Lmql.replay(certificate, Lmql.model(model));
        PrintWriter out = spec.commandLine().getOut();
        out.println(report);
        out.flush();
        return report.reproduced() ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
    }
}
