package dev.lmql.testing;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Copies everything the tests print (stdout and stderr) to {@code target/test-logs/test-output.log}, so the secret
 * scan can check every log the suite produced. Registered for all test classes by extension auto-detection.
 */
public final class OutputCaptureExtension implements BeforeAllCallback {
    /** The captured log. */
    public static final Path LOG = Path.of("target", "test-logs", "test-output.log").toAbsolutePath();

    private static boolean installed;

    @Override
    public void beforeAll(ExtensionContext context) {
        install();
    }

    private static synchronized void install() {
        if (installed) {
            return;
        }
        try {
            Files.createDirectories(LOG.getParent());
            // the secret-scan execution appends, so it keeps the log of the main test run
            OutputStream log = new FileOutputStream(LOG.toFile(), Boolean.getBoolean("lmql.test.output.append"));
            System.setOut(tee(System.out, log));
            System.setErr(tee(System.err, log));
            installed = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + LOG, e);
        }
    }

    private static PrintStream tee(PrintStream console, OutputStream log) {
        OutputStream both = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                console.write(b);
                synchronized (log) {
                    log.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                console.write(b, off, len);
                synchronized (log) {
                    log.write(b, off, len);
                }
            }

            @Override
            public void flush() throws IOException {
                console.flush();
                synchronized (log) {
                    log.flush();
                }
            }
        };
        return new PrintStream(both, true, StandardCharsets.UTF_8);
    }
}
