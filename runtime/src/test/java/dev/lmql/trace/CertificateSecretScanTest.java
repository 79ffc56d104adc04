package dev.lmql.trace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lmql.testing.OutputCaptureExtension;
import dev.lmql.testing.TestSecrets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs last, in its own surefire execution (see runtime/pom.xml): every file the test suites left under the
 * modules' {@code target/} directories — certificates, captured test output, reports — must be free of the secrets
 * tests use, and every certificate file among them must parse and match docs/certificate.schema.json.
 */
class CertificateSecretScanTest {
    private static final Set<String> BINARY = Set.of(".class", ".jar", ".gguf", ".bin", ".zip", ".gz", ".lst");
    private static final long MAX_SIZE = 32L << 20;

    @Test
    void noFileTheSuiteProducedContainsATestSecret() {
        Path module = Path.of("").toAbsolutePath();
        List<Path> roots = targetDirectories();

        List<String> leaks = new ArrayList<>();
        for (Path root : roots) {
            leaks.addAll(scan(root));
        }

        assertThat(roots).contains(module.resolve("target"));
        assertThat(leaks).as("files containing a test secret").isEmpty();
    }

    @Test
    void everyCertificateFileTheSuitesWroteParsesAndMatchesTheSchema() {
        JsonSchemaSubset schema = JsonSchemaSubset.certificateSchema();
        List<String> invalid = new ArrayList<>();
        int checked = 0;
        for (Path file : certificateFiles()) {
            String json = new String(read(file).getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
            try {
                InferenceCertificate.parse(json);
            } catch (IllegalArgumentException e) {
                invalid.add(file + ": " + e.getMessage());
                continue;
            }
            List<String> errors = schema.validate(json);
            if (!errors.isEmpty()) {
                invalid.add(file + ": " + errors);
            }
            checked++;
        }

        assertThat(invalid).isEmpty();
        assertThat(checked).as("certificate files found under target/").isPositive();
    }

    @Test
    void theCapturedTestOutputIsScannedToo() throws IOException {
        // the log of the main test run, or of this run when the scan runs alone
        System.out.println("secret scan: checking captured output in " + OutputCaptureExtension.LOG);
        assertThat(Files.readString(OutputCaptureExtension.LOG)).isNotEmpty();
        assertThat(scan(OutputCaptureExtension.LOG.getParent())).isEmpty();
    }

    @Test
    void theScanFindsAPlantedSecret(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("certificates"));
        Files.writeString(dir.resolve("certificates/leaky.json"), "{\"Authorization\": \"Bearer "
                + TestSecrets.OPENAI_API_KEY + "\"}");
        Files.writeString(dir.resolve("clean.json"), "{\"Authorization\": \"<removed>\"}");

        assertThat(scan(dir)).singleElement().asString().contains("leaky.json");
    }

    /** The JSON files under the modules' target/ directories that are certificates. */
    private static List<Path> certificateFiles() {
        List<Path> out = new ArrayList<>();
        for (Path root : targetDirectories()) {
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().endsWith(".json"))
                        .filter(f -> read(f).contains("\"type\": \"" + InferenceCertificate.TYPE + "\""))
                        .forEach(out::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    private static List<Path> targetDirectories() {
        List<Path> roots = new ArrayList<>();
        try (Stream<Path> siblings = Files.list(Path.of("").toAbsolutePath().getParent())) {
            siblings.map(p -> p.resolve("target")).filter(Files::isDirectory).forEach(roots::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return roots;
    }

    static List<String> scan(Path root) {
        List<String> leaks = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(Files::isRegularFile).filter(CertificateSecretScanTest::isText).forEach(file -> {
                String text = read(file);
                for (String secret : TestSecrets.all()) {
                    if (text.contains(secret)) {
                        leaks.add(file + " contains " + secret);
                    }
                }
                if (text.contains(TestSecrets.MARKER) && leaks.stream().noneMatch(l -> l.startsWith(file.toString()))) {
                    leaks.add(file + " contains part of a test secret (" + TestSecrets.MARKER + ")");
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return leaks;
    }

    private static boolean isText(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        if (dot >= 0 && BINARY.contains(name.substring(dot))) {
            return false;
        }
        if (file.toString().contains(".jqwik-database")) {
            return false;
        }
        try {
            return Files.size(file) <= MAX_SIZE;
        } catch (IOException e) {
            return false;
        }
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
