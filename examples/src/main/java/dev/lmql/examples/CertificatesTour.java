package dev.lmql.examples;

import dev.lmql.GenerateOptions;
import dev.lmql.LLM;
import dev.lmql.Lmql;
import dev.lmql.VerificationReport;
import dev.lmql.annotations.Query;
import dev.lmql.trace.InferenceCertificate;
import dev.lmql.trace.TraceScope;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Obtaining, printing and replaying inference certificates (docs/certificates.md), on the random model. */
public final class CertificatesTour {
    private CertificatesTour() {
    }

    /** A query whose every call writes its certificate to a file. */
    public interface Greeter {
        // tag::per-method[]
        @Query(value = "Greet the world:[GREETING]", certificate = "target/certificates/{method}-{timestamp}.json")
        String greet();
        // end::per-method[]
    }

    public static void main(String[] args) throws IOException {
        Lmql.setDefaultModel("random");
        Greeter greeter = Lmql.create(Greeter.class);
        // tag::per-call[]
        LLM m = Lmql.model("random", Map.of("seed", 7));
        m.generateSync("Hello", 10, GenerateOptions.fromMap(Map.of("certificate", "target/hello-certificate.json")));
        // end::per-call[]

        // tag::traced[]
        try (TraceScope t = Lmql.traced("my-context")) {
            greeter.greet();
            m.generateSync("Greet the animals of the world:", 10);
            System.out.println(Lmql.certificate(t));      // String.valueOf(certificate) is the JSON
        }
        // end::traced[]

        Path path = Path.of("target/hello-certificate.json");
        // tag::replay[]
        VerificationReport report = Lmql.replay(InferenceCertificate.parse(Files.readString(path)));
        report.reproduced();          // every call identical, token for token
        report.differences();         // the calls that were not: status, first differing position, expected vs actual tokens
        // end::replay[]
        System.out.println(report);
    }
}
