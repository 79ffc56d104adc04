package dev.lmql.decode;

/**
 * Hears each hole's text while it is generated and its value as soon as the hole is filled, before the query ends
 * (for streaming output). Called on the thread that runs the query, never concurrently.
 *
 * <p>Partial text ({@link #onPartial}) is reported where it is well defined: for text holes filled by argmax or
 * sample (per result index, also with {@code n > 1}). It is never retracted: each partial text of a result's hole
 * is a prefix of the next one and of the hole's final value. The searches (beam, best_k, beam_sample, var, bsseq)
 * keep changing their hypotheses until the hole ends, beam_var until the whole query ends (it reports every hole's
 * value then), typed holes ({@code int}, {@code float}, {@code bool}, {@code INT(X)},
 * {@code FLOAT(X)}) have a value that is not their text, and the distribution variable is scored, not generated:
 * those report only {@link #onValue}.
 */
@FunctionalInterface
public interface HoleListener {

    /** Hears nothing. */
    HoleListener NONE = (result, variable, value) -> { };

    /**
     * The text of a hole still being generated, after each token the backend accepted (or each validated chunk, for
     * HTTP backends). Incomplete UTF-8 characters and what may be the start of a {@code STOPS_BEFORE} phrase are held
     * back until they are decided, so the text is always a prefix of the final value. Backends that cannot stream
     * report nothing before {@link #onValue}. Does nothing by default.
     *
     * @param result     which result the text belongs to (as for {@link #onValue})
     * @param variable   the hole's name
     * @param textSoFar  the hole's text so far (not only the newest part); longer than the previous call's
     */
    default void onPartial(int result, String variable, String textSoFar) {
    }

    /**
     * @param result   which result the value belongs to (0 for argmax; 0..n-1 for sample/beam, in current order)
     * @param variable the hole's name
     * @param value    the converted value (String, Long, Double, Boolean)
     */
    void onValue(int result, String variable, Object value);
}
