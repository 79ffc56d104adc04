package dev.lmql.backend.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgressBarTest {
    @TempDir
    Path tmp;

    @Test
    void redrawsAtMostTenTimesASecondAndEndsWithTheFullBar() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), "model.gguf", 1000);
        for (int i = 0; i < 1000; i++) {
            bar.advance(1);
        }
        bar.finish();
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out.split("\r", -1).length - 1).as("redraws").isLessThanOrEqualTo(3);
        assertThat(out).endsWith("\rmodel.gguf [##############################] 100% 1,000/1,000 bytes"
                + System.lineSeparator());
    }

    @Test
    void hashingABigModelFileShowsProgressOnStderr() throws Exception {
        Path big = tmp.resolve("big.gguf");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(LocalModel.HASH_PROGRESS_BYTES); // sparse: no disk space used
        }
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        String hash;
        try {
            hash = LocalModel.digest(big);
        } finally {
            System.setErr(saved);
        }
        assertThat(hash).hasSize(64);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("sha256 big.gguf [").contains("100%");
    }
}
