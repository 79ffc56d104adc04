package dev.lmql.processor;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Checks that a model id uses a scheme some backend understands: {@code random}, {@code local:<file.gguf>},
 * {@code openai/<model>[@<base-url>]}, plus schemes registered with {@code -Almql.modelSchemes=a,b}. The
 * processor cannot ask the runtime's registry (it imports only {@code dev.lmql.lang}), hence the list.
 */
final class ModelIdCheck {

    static final String OPTION = "lmql.modelSchemes";

    private final List<String> forms;
    private final Set<String> extraSchemes;

    ModelIdCheck(Set<String> extraSchemes) {
        this.extraSchemes = Set.copyOf(extraSchemes);
        List<String> all = new ArrayList<>(List.of("random", "local:<file.gguf>", "openai/<model>"));
        extraSchemes.stream().sorted().forEach(all::add);
        this.forms = List.copyOf(all);
    }

    /** The accepted forms, for messages. */
    List<String> forms() {
        return forms;
    }

    boolean isKnown(String id) {
        if (id.equals("random") || id.startsWith("random:")) {
            return true;
        }
        if (id.startsWith("local:") && id.length() > "local:".length()) {
            return true;
        }
        if (id.startsWith("openai/") && id.length() > "openai/".length()) {
            return true;
        }
        for (String scheme : extraSchemes) {
            if (id.equals(scheme) || id.startsWith(scheme + ":") || id.startsWith(scheme + "/")) {
                return true;
            }
        }
        return false;
    }
}
