package dev.lmql.constraint;

import dev.lmql.tokenizer.Tokenizer;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/** A constraint compiled for one tokenizer: its program, its masks and its server-side forms. */
final class CompiledConstraint implements TokenConstraint {
    final Tokenizer tokenizer;
    final VocabularyTrie trie;
    final Program program;
    final MaskComputer masks;
    final int minTokens;
    final int maxTokens;
    /** Upper bound on characters counted next to the automaton, or {@link Terms#UNBOUNDED}. */
    final int maxChars;
    final TokenMask none;
    private final List<Terms.Stop> stops;
    private final String description;
    private final Optional<String> regex;
    private final Optional<List<String>> choices;
    private final boolean unconstrained;

    CompiledConstraint(Tokenizer tokenizer, VocabularyTrie trie, Program program, int minTokens, int maxTokens,
            int maxChars, List<Terms.Stop> stops, String description, Optional<String> regex, Optional<List<String>> choices,
            boolean unconstrained) {
        this.tokenizer = tokenizer;
        this.trie = trie;
        this.program = program;
        this.masks = new MaskComputer(program, trie, maxTokens, maxChars != Terms.UNBOUNDED);
        this.maxChars = maxChars;
        this.minTokens = minTokens;
        this.maxTokens = maxTokens;
        this.none = TokenMask.none(tokenizer.vocabSize());
        this.stops = List.copyOf(stops);
        this.description = description;
        this.regex = regex;
        this.choices = choices;
        this.unconstrained = unconstrained;
    }

    @Override
    public ConstraintState start() {
        return new ProgramState(this, program.start, 0, 0, new byte[0], false);
    }

    @Override
    public Optional<String> regex() {
        return regex;
    }

    @Override
    public List<StopPhrase> stopPhrases() {
        return stops.stream().map(s -> new StopPhrase(s.phrase(), s.keep())).collect(Collectors.toList());
    }

    @Override
    public Optional<List<String>> choices() {
        return choices;
    }

    @Override
    public OptionalInt maxTokens() {
        return maxTokens == Terms.UNBOUNDED ? OptionalInt.empty() : OptionalInt.of(maxTokens);
    }

    @Override
    public boolean isUnconstrained() {
        return unconstrained;
    }

    @Override
    public String postProcess(String rawValue) {
        return StopPhrases.apply(rawValue, stops);
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public String toString() {
        return "TokenConstraint[" + description + " for " + tokenizer.name() + "]";
    }
}
