package dev.lmql.decode;

/**
 * Hears each hole's value as soon as the hole is filled, before the query ends (for streaming output).
 * Called on the thread that runs the query.
 */
@FunctionalInterface
public interface HoleListener {

    /** Hears nothing. */
    HoleListener NONE = (result, variable, value) -> { };

    /**
     * @param result   which result the value belongs to (0 for argmax; 0..n-1 for sample/beam, in current order)
     * @param variable the hole's name
     * @param value    the converted value (String, Long, Double, Boolean)
     */
    void onValue(int result, String variable, Object value);
}
