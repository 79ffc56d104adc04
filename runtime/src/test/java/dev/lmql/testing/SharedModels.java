package dev.lmql.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates {@code ../shared/models} (the real test models) for tests. */
public final class SharedModels {
    private SharedModels() {
    }

    /** The models directory: system property {@code lmql.shared.models}, else {@code LMQL_MODEL_PATH}, else ../shared/models. */
    public static Path dir() {
        String prop = System.getProperty("lmql.shared.models");
        if (prop != null && Files.isDirectory(Path.of(prop))) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        String env = System.getenv("LMQL_MODEL_PATH");
        if (env != null) {
            for (String part : env.split(java.io.File.pathSeparator)) {
                if (Files.isRegularFile(Path.of(part, "stories260K.gguf"))) {
                    return Path.of(part).toAbsolutePath().normalize();
                }
            }
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("../shared/models").normalize();
            if (Files.isRegularFile(candidate.resolve("stories260K.gguf"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("../shared/models not found; pass -Dlmql.model.path=/abs/path/to/shared/models");
    }

    public static Path file(String name) {
        return dir().resolve(name);
    }
}
