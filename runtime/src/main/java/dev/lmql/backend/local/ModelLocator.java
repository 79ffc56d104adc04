package dev.lmql.backend.local;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves the part after {@code local:} to a model file: a path (absolute or relative to the working directory),
 * a file name looked up in {@code LMQL_MODEL_PATH} then {@code ~/.cache/lmql/models}, or {@code hf:<repo>/<file>}
 * downloaded once into that cache.
 */
final class ModelLocator {
    private final List<Path> searchPath;
    private final Path cacheDir;
    private final HuggingFaceDownloader downloader;

    ModelLocator(List<Path> searchPath, Path cacheDir, HuggingFaceDownloader downloader) {
        this.searchPath = List.copyOf(searchPath);
        this.cacheDir = cacheDir;
        this.downloader = downloader;
    }

    /** The locator of this process: {@code LMQL_MODEL_PATH} and the user's cache directory. */
    static ModelLocator fromEnvironment() {
        List<Path> dirs = new ArrayList<>();
        String env = System.getenv("LMQL_MODEL_PATH");
        if (env != null) {
            for (String part : env.split(File.pathSeparator)) {
                if (!part.isBlank()) {
                    dirs.add(Path.of(part.trim()));
                }
            }
        }
        Path cache = Path.of(System.getProperty("user.home"), ".cache", "lmql", "models");
        return new ModelLocator(dirs, cache, new HuggingFaceDownloader(HuggingFaceDownloader.DEFAULT_BASE_URL,
                System.getenv("HF_TOKEN")));
    }

    Path cacheDir() {
        return cacheDir;
    }

    /**
     * @param spec what follows {@code local:}
     * @throws IllegalArgumentException when no file is found, listing every place searched
     */
    Path resolve(String spec) {
        if (spec.isBlank()) {
            throw new IllegalArgumentException("empty model file in 'local:'; use local:<file.gguf>, "
                    + "local:<path/to/file.gguf> or local:hf:<owner>/<repo>/<file.gguf>");
        }
        if (spec.startsWith("hf:")) {
            return downloadOnce(spec.substring(3));
        }
        List<Path> searched = new ArrayList<>();
        Path direct = Path.of(spec);
        searched.add(direct.toAbsolutePath().normalize());
        if (Files.isRegularFile(direct)) {
            return direct;
        }
        if (!direct.isAbsolute()) {
            List<Path> dirs = new ArrayList<>(searchPath);
            dirs.add(cacheDir);
            for (Path dir : dirs) {
                Path candidate = dir.resolve(spec);
                searched.add(candidate.toAbsolutePath().normalize());
                if (Files.isRegularFile(candidate)) {
                    return candidate;
                }
            }
        }
        throw new IllegalArgumentException("model file '" + spec + "' not found; searched " + searched
                + ". Put the file in one of these places, add its directory to LMQL_MODEL_PATH "
                + "(directories separated by '" + File.pathSeparator + "'), or download it with "
                + "local:hf:<owner>/<repo>/<file.gguf>");
    }

    private Path downloadOnce(String repoAndFile) {
        String[] parts = repoAndFile.split("/", 3);
        if (parts.length < 3 || parts[0].isBlank() || parts[1].isBlank() || parts[2].isBlank()) {
            throw new IllegalArgumentException("'local:hf:" + repoAndFile + "' must name <owner>/<repo>/<file>, e.g."
                    + " local:hf:ggml-org/models/tinyllamas/stories260K.gguf");
        }
        String repo = parts[0] + "/" + parts[1];
        String file = parts[2];
        if (file.contains("..") || repo.contains("..")) {
            throw new IllegalArgumentException("'local:hf:" + repoAndFile + "' must not contain '..'");
        }
        Path target = cacheDir.resolve(parts[0]).resolve(parts[1]).resolve(file);
        if (Files.isRegularFile(target)) {
            return target;
        }
        return downloader.download(repo, file, target);
    }
}
