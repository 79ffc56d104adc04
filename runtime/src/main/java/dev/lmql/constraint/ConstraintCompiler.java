package dev.lmql.constraint;

import dev.lmql.tokenizer.Tokenizer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Splits a constraint into its top-level parts — token-count bounds, stop phrases, and the regular value part —
 * and compiles them into a {@link CompiledConstraint}.
 */
final class ConstraintCompiler {
    /**
     * A cache, not state: compiled constraints (and the masks they have computed) by value, so repeated query
     * calls reuse them. Constraint terms are records with value equality; tokenizers compare by identity.
     */
    private static final Map<CacheKey, TokenConstraint> CACHE = Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<CacheKey, TokenConstraint> eldest) {
                    return size() > 128;
                }
            });

    private record CacheKey(Constraint constraint, Tokenizer tokenizer, String variable) {
    }

    private ConstraintCompiler() {
    }

    static TokenConstraint compile(Constraint constraint, Tokenizer tokenizer, String variable) {
        Objects.requireNonNull(constraint, "constraint");
        Objects.requireNonNull(tokenizer, "tokenizer");
        Objects.requireNonNull(variable, "variable");
        CacheKey key = new CacheKey(constraint, tokenizer, variable);
        TokenConstraint cached = CACHE.get(key);
        if (cached == null) {
            cached = build(constraint, tokenizer, variable);
            CACHE.put(key, cached);
        }
        return cached;
    }

    private static TokenConstraint build(Constraint constraint, Tokenizer tokenizer, String variable) {
        List<Constraint> parts = constraint instanceof Terms.And
                ? ((Terms.And) constraint).parts() : List.of(constraint);
        int minTokens = 0;
        int maxTokens = Terms.UNBOUNDED;
        List<Terms.Stop> stops = new ArrayList<>();
        List<Constraint> values = new ArrayList<>();
        for (Constraint part : parts) {
            if (part instanceof Terms.TokenLength) {
                Terms.TokenLength length = (Terms.TokenLength) part;
                minTokens = Math.max(minTokens, length.min());
                maxTokens = Math.min(maxTokens, length.max());
            } else if (part instanceof Terms.Stop) {
                stops.add((Terms.Stop) part);
            } else if (!(part instanceof Terms.Any)) {
                values.add(part);
            }
        }
        // An upper bound on characters is a counter next to the automaton (masks are then shared by all positions
        // with enough room left) instead of one automaton state per character. Characters after a stop phrase
        // are not counted; a STOPS_BEFORE phrase is (conservatively) counted although it is cut off.
        int maxChars = Terms.UNBOUNDED;
        List<Constraint> automaton = new ArrayList<>();
        for (Constraint part : values) {
            if (part instanceof Terms.CharLength) {
                Terms.CharLength length = (Terms.CharLength) part;
                maxChars = Math.min(maxChars, length.max());
                // The automaton keeps the lower bound and well-formed UTF-8, so that counted characters are real.
                automaton.add(new Terms.CharLength(length.min(), Terms.UNBOUNDED));
            } else {
                automaton.add(part);
            }
        }
        ByteDfa value = automaton.isEmpty() ? ValueAutomata.anyBytesDfa()
                : ValueAutomata.of(automaton.size() == 1 ? automaton.get(0) : new Terms.And(automaton));
        ByteDfa full = stops.isEmpty() || value.isEmpty() ? value : StopCombiner.combine(value, stops);
        Program program = Program.of(full);
        Optional<String> regex = stops.isEmpty() && values.size() == 1 ? RegexForms.of(values.get(0))
                : Optional.empty();
        Optional<List<String>> choices = choices(values, value);
        boolean unconstrained = values.isEmpty() && stops.isEmpty() && minTokens == 0
                && maxTokens == Terms.UNBOUNDED;
        return new CompiledConstraint(tokenizer, VocabularyTrie.of(tokenizer), program, minTokens, maxTokens, maxChars,
                stops,
                constraint.describe(variable), regex, choices, unconstrained);
    }

    /** The options of a top-level choice that the whole value part accepts. */
    private static Optional<List<String>> choices(List<Constraint> values, ByteDfa value) {
        for (Constraint c : values) {
            if (c instanceof Terms.Choice) {
                List<String> kept = new ArrayList<>();
                for (String option : ((Terms.Choice) c).options()) {
                    if (value.accepts(option.getBytes(StandardCharsets.UTF_8)) && !kept.contains(option)) {
                        kept.add(option);
                    }
                }
                return Optional.of(List.copyOf(kept));
            }
        }
        return Optional.empty();
    }
}
