package dev.lmql.cli;

import dev.lmql.trace.CertificateEvent;
import dev.lmql.trace.InferenceCertificate;
import dev.lmql.trace.TraceEvents;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads certificate files and walks their trees, for the {@code certificate} commands. */
final class CertificateFiles {
    private CertificateFiles() {
    }

    static InferenceCertificate read(Path file) {
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CliException("certificate file not found: " + file);
        } catch (IOException e) {
            throw new CliException("cannot read certificate file " + file + ": " + e.getMessage());
        }
        try {
            return InferenceCertificate.parse(json);
        } catch (RuntimeException e) {
            throw new CliException(file + " is not an inference certificate: " + e.getMessage());
        }
    }

    /** A model call with the path of certificate names leading to it. */
    record Call(String path, CertificateEvent event) {
    }

    /** Every model-call event in the tree, in recording order (a certificate's own events before its children's). */
    static List<Call> modelCalls(InferenceCertificate certificate) {
        List<Call> out = new ArrayList<>();
        collect(certificate, certificate.name(), out);
        return out;
    }

    private static void collect(InferenceCertificate certificate, String path, List<Call> out) {
        for (CertificateEvent e : certificate.events()) {
            if (TraceEvents.isModelCall(e.name())) {
                out.add(new Call(path, e));
            }
        }
        for (InferenceCertificate child : certificate.children()) {
            collect(child, path + "/" + child.name(), out);
        }
    }
}
