package dev.lmql.backend.local.gguf;

import java.nio.file.Path;

/**
 * A GGUF file is corrupt, truncated, unsupported, or lacks metadata the caller needs.
 * The message names the file and the problem.
 */
public final class GgufFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /** Creates an exception for {@code file} with a message describing the problem. */
    public GgufFormatException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    /** The file the problem was found in. */
    public Path file() {
        return file;
    }
}
