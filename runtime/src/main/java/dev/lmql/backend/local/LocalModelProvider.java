package dev.lmql.backend.local;

import dev.lmql.backend.LanguageModel;
import dev.lmql.backend.ModelProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Model ids {@code local:<path.gguf>}, {@code local:<file name>} (found through {@code LMQL_MODEL_PATH}, then
 * {@code ~/.cache/lmql/models}) and {@code local:hf:<owner>/<repo>/<file>} (downloaded once into that cache).
 * Options: {@code threads}, {@code seed}, {@code context_length}, {@code kv_cache}.
 */
public final class LocalModelProvider implements ModelProvider {
    private final ModelLocator locator;

    public LocalModelProvider() {
        this(ModelLocator.fromEnvironment());
    }

    LocalModelProvider(ModelLocator locator) {
        this.locator = locator;
    }

    @Override
    public boolean supports(String modelId) {
        return modelId.startsWith("local:");
    }

    @Override
    public LanguageModel create(String modelId, Map<String, Object> options) {
        LocalModelOptions parsed = LocalModelOptions.parse(options);
        Path file = locator.resolve(modelId.substring("local:".length()));
        try {
            return LocalModel.open(modelId, file, parsed);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the model file " + file + " for " + modelId, e);
        }
    }

    @Override
    public String describeIds() {
        return "local:<file.gguf> | local:<path/to/file.gguf> | local:hf:<owner>/<repo>/<file.gguf>";
    }
}
