package dev.lmql.cli;

/** A user-facing failure: printed as one line (no stack trace unless --verbose), exit code {@link ExitCodes#ERROR}. */
final class CliException extends RuntimeException {
    CliException(String message) {
        super(message);
    }
}
