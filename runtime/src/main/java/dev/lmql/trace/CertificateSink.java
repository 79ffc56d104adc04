package dev.lmql.trace;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Consumer;

/** Where a finished certificate goes: stdout, a file (written atomically), or a callback. */
@FunctionalInterface
public interface CertificateSink {

    void accept(InferenceCertificate certificate);

    /** Prints the JSON to {@code System.out} (LMQL's {@code certificate=True}). */
    static CertificateSink stdout() {
        return certificate -> print(System.out, certificate);
    }

    /** Prints the JSON to the stream. */
    static CertificateSink printTo(PrintStream out) {
        Objects.requireNonNull(out, "out");
        return certificate -> print(out, certificate);
    }

    /** Writes (replaces) the file atomically: a concurrent reader sees the old or the complete new certificate. */
    static CertificateSink file(Path path) {
        Objects.requireNonNull(path, "path");
        return certificate -> AtomicFiles.write(path, certificate.toJson() + "\n");
    }

    /**
     * Writes to the file named by a path template, filling in {@code {method}} with {@code method} and
     * {@code {timestamp}} with the time of writing.
     *
     * @throws IllegalArgumentException when the template is invalid (see {@link CertificatePathTemplate})
     */
    static CertificateSink file(String template, String method) {
        return file(CertificatePathTemplate.parse(template), method, Clock.systemUTC());
    }

    /** As {@link #file(String, String)} with a clock, for deterministic names. */
    static CertificateSink file(CertificatePathTemplate template, String method, Clock clock) {
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(clock, "clock");
        return certificate -> AtomicFiles.write(template.resolve(method, clock.instant()), certificate.toJson() + "\n");
    }

    /** Hands the certificate to the callback. */
    static CertificateSink callback(Consumer<? super InferenceCertificate> callback) {
        Objects.requireNonNull(callback, "callback");
        return callback::accept;
    }

    private static void print(PrintStream out, InferenceCertificate certificate) {
        out.println(certificate.toJson());
        out.flush();
    }
}
