package dev.lmql.backend.local;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar for long work on model files (downloading, hashing), redrawn at most ten times a second
 * so a fast copy does not flood the terminal.
 */
final class ProgressBar {
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream out;
    private final String name;
    private final long total;
    private long done;
    private int lastPercent = -1;
    private long lastDraw;

    ProgressBar(PrintStream out, String name, long total) {
        this.out = out;
        this.name = name;
        this.total = total;
    }

    void advance(long bytes) {
        done += bytes;
        long now = System.nanoTime();
        int percent = total > 0 ? (int) (done * 100 / total) : -1;
        if (percent != lastPercent && now - lastDraw > REDRAW_NANOS) {
            out.print("\r" + render(name, done, total));
            lastPercent = percent;
            lastDraw = now;
        }
    }

    void finish() {
        out.println("\r" + render(name, done, total));
    }

    static String render(String name, long done, long total) {
        int width = 30;
        if (total <= 0) {
            return String.format(Locale.ROOT, "%s %,d bytes", name, done);
        }
        int filled = (int) (done * width / total);
        return String.format(Locale.ROOT, "%s [%s%s] %3d%% %,d/%,d bytes", name, "#".repeat(filled),
                " ".repeat(width - filled), done * 100 / total, done, total);
    }
}
