package dev.lmql.processor;

import java.util.Collection;

/**
 * "Did you mean ...?" hints, using the runtime language's own notion of a near miss so the processor and the
 * runtime suggest the same names.
 */
final class Suggestions {

    private Suggestions() {
    }

    /** {@code " Did you mean <prefix>X<suffix>?"} for the closest candidate X, or the empty string. */
    static String didYouMean(String wrong, Collection<String> candidates, String prefix, String suffix) {
        return dev.lmql.lang.Suggestions.closest(wrong, candidates)
                .map(c -> " Did you mean " + prefix + c + suffix + "?").orElse("");
    }

    static java.util.Optional<String> closest(String wrong, Collection<String> candidates) {
        return dev.lmql.lang.Suggestions.closest(wrong, candidates);
    }
}
