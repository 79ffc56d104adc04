package dev.lmql.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Resolves model ids ({@code random}, {@code local:<file.gguf>}, {@code openai/<model>}, ...) to
 * {@link LanguageModel}s through the {@link ModelProvider}s registered with {@link ServiceLoader}.
 */
public final class ModelRegistry {

    private ModelRegistry() {
    }

    /** The providers visible to this class's class loader, in service-file order. */
    public static List<ModelProvider> providers() {
        List<ModelProvider> out = new ArrayList<>();
        ServiceLoader.load(ModelProvider.class, ModelRegistry.class.getClassLoader()).forEach(out::add);
        return out;
    }

    /**
     * Creates the model for {@code modelId} with the first provider that supports it.
     *
     * @throws IllegalArgumentException when no provider knows the id (the message lists the known id schemes)
     */
    public static LanguageModel create(String modelId, Map<String, Object> options) {
        if (modelId == null || modelId.isBlank()) {
            throw new IllegalArgumentException("a model id is required, e.g. \"random\", \"local:stories260K.gguf\" "
                    + "or \"openai/gpt-4o-mini\"");
        }
        List<ModelProvider> providers = providers();
        for (ModelProvider p : providers) {
            if (p.supports(modelId)) {
                return p.create(modelId, options == null ? Map.of() : options);
            }
        }
        throw new IllegalArgumentException("unknown model id \"" + modelId + "\": no backend handles it. Known model ids: "
                + describe(providers) + ". Use one of these forms (is the backend's jar on the class path?)");
    }

    /** The id schemes of all providers, e.g. {@code random, local:<file.gguf>, openai/<model>}. */
    public static String describe(List<ModelProvider> providers) {
        if (providers.isEmpty()) {
            return "(none: no ModelProvider is registered in META-INF/services/dev.lmql.backend.ModelProvider)";
        }
        return providers.stream().map(ModelProvider::describeIds).collect(Collectors.joining(", "));
    }
}
