package dev.lmql.cli;

/** Exit codes scripts can rely on (documented in docs/cli.md). */
final class ExitCodes {
    /** Success; for verify/replay/diff: consistent, reproduced, identical. */
    static final int OK = 0;
    /** The check failed: inconsistent certificate, not reproduced, certificates differ. */
    static final int CHECK_FAILED = 1;
    /** Wrong usage: unknown option, missing argument (picocli's default). */
    static final int USAGE = 2;
    /** The command could not run: unreadable file, bad query, model not found, backend error. */
    static final int ERROR = 3;

    private ExitCodes() {
    }
}
