package dev.lmql.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class FileSinkTest {

    @Test
    void aReaderPollingTheFileNeverSeesAPartialCertificate() throws Exception {
        Path file = TestCertificates.outputDir().resolve("atomicity/polled.json");
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        List<InferenceCertificate> certificates = new ArrayList<>();
        for (int size = 1; size <= 4; size++) {
            TraceRecorder root = TraceRecorder.root("big-" + size);
            for (int i = 0; i < 60 * size; i++) { // tens of kilobytes: many write() calls if it were not atomic
                TestCertificates.recordQuery(root.child("q" + i), "Hello number " + i + ".");
            }
            certificates.add(root.certificate());
        }
        CertificateSink sink = CertificateSink.file(file);
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger completeReads = new AtomicInteger();
        AtomicReference<String> badRead = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            while (writing.get() && badRead.get() == null) {
                try {
                    String text = Files.readString(file);
                    InferenceCertificate.parse(text);
                    completeReads.incrementAndGet();
                } catch (NoSuchFileException e) {
                    // not written yet
                } catch (IOException | RuntimeException e) {
                    badRead.set(e.toString());
                }
            }
        });
        reader.start();
        for (int round = 0; round < 30 && badRead.get() == null; round++) {
            sink.accept(certificates.get(round % certificates.size()));
        }
        while (completeReads.get() == 0 && badRead.get() == null) {
            Thread.onSpinWait();
        }
        writing.set(false);
        reader.join(30_000);

        assertThat(badRead.get()).isNull();
        assertThat(completeReads.get()).isPositive();
        assertThat(InferenceCertificate.parse(Files.readString(file))).isEqualTo(certificates.get(29 % 4));
        try (var listing = Files.list(file.getParent())) {
            assertThat(listing.map(p -> p.getFileName().toString())).containsExactly("polled.json");
        }
    }

    @Test
    void pathTemplatesNameTheFileAfterTheMethodAndTime() throws IOException {
        Path dir = TestCertificates.outputDir().resolve("templates");
        Clock clock = Clock.fixed(Instant.parse("2026-12-05T16:30:00.123Z"), ZoneOffset.UTC);
        CertificatePathTemplate template = CertificatePathTemplate.parse(dir + "/{method}-{timestamp}.json");
        InferenceCertificate certificate = TestCertificates.referenceTrace().certificate();

        CertificateSink.file(template, "greet", clock).accept(certificate);

        Path expected = dir.resolve("greet-20261205T163000.123Z.json");
        assertThat(InferenceCertificate.parse(Files.readString(expected))).isEqualTo(certificate);
        assertThat(template.resolve("a/b", clock.instant()).getFileName().toString())
                .isEqualTo("a_b-20261205T163000.123Z.json");
    }

    @Test
    void reportsAnUnwritableTargetWithThePath() throws IOException {
        Path blocker = TestCertificates.outputDir().resolve("not-a-directory");
        Files.createDirectories(blocker.getParent());
        Files.writeString(blocker, "x");
        CertificateSink sink = CertificateSink.file(blocker.resolve("cert.json"));
        InferenceCertificate certificate = TestCertificates.referenceTrace().certificate();

        assertThatThrownBy(() -> sink.accept(certificate)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("cannot write certificate").hasMessageContaining("not-a-directory");
    }

    @Test
    void printsToAStreamAndCallsBack() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        InferenceCertificate certificate = TestCertificates.referenceTrace().certificate();
        CertificateSink.printTo(new PrintStream(bytes, true, StandardCharsets.UTF_8)).accept(certificate);
        List<InferenceCertificate> received = new ArrayList<>();
        CertificateSink.callback(received::add).accept(certificate);

        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(certificate.toJson() + System.lineSeparator());
        assertThat(received).containsExactly(certificate);
    }
}
