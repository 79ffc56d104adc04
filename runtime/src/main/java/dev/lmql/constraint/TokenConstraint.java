package dev.lmql.constraint;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The compiled constraint of one hole, for one tokenizer: what backends ask for masks, validation and
 * server-side forms. Immutable and thread-safe; states are values.
 */
public interface TokenConstraint {

    /** The state before the hole's first token. */
    ConstraintState start();

    /**
     * A regular expression (java.util.regex syntax, whole-value match) that is equivalent to the value part of
     * this constraint, when one exists. Servers with guided decoding can enforce it.
     */
    Optional<String> regex();

    /** Stop phrases (STOPS_AT / STOPS_BEFORE) — for APIs with a {@code stop} parameter. */
    List<StopPhrase> stopPhrases();

    /** The finite set of values the hole may take, when the constraint is a choice (for JSON-schema enums). */
    Optional<List<String>> choices();

    /** The upper bound on the number of tokens the constraint admits, if it sets one (len(TOKENS(X)) &lt;= n). */
    OptionalInt maxTokens();

    /** Whether every value is allowed (no mask is needed). */
    boolean isUnconstrained();

    /** Turns the raw generated text into the hole's value (e.g. STOPS_BEFORE removes the stop phrase). */
    String postProcess(String rawValue);

    /** A human-readable description for errors and certificates, e.g. {@code INT(X) and len(TOKENS(X)) < 5}. */
    String describe();

    /** A stop phrase and whether it stays in the value (STOPS_AT) or is cut off (STOPS_BEFORE). */
    record StopPhrase(String text, boolean keepInValue) {
    }
}
