package dev.lmql.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lmql.decode.HoleListener;
import java.util.ArrayList;
import java.util.List;

/** A {@link HoleListener} for tests: what it heard, in order, and on which thread. */
public final class HeardHoles implements HoleListener {

    public record Event(boolean partial, int result, String variable, Object value, String thread) {
    }

    public final List<Event> events = new ArrayList<>();

    @Override
    public synchronized void onPartial(int result, String variable, String textSoFar) {
        events.add(new Event(true, result, variable, textSoFar, Thread.currentThread().getName()));
    }

    @Override
    public synchronized void onValue(int result, String variable, Object value) {
        events.add(new Event(false, result, variable, value, Thread.currentThread().getName()));
    }

    public synchronized List<String> partials(int result, String variable) {
        List<String> out = new ArrayList<>();
        for (Event e : events) {
            if (e.partial() && e.result() == result && e.variable().equals(variable)) {
                out.add((String) e.value());
            }
        }
        return out;
    }

    /** Each partial strictly extends the one before and starts the final value; the value comes after them. */
    public synchronized void assertStreamedTowards(int result, String variable, Object finalValue) {
        String previous = "";
        boolean valueSeen = false;
        for (Event e : events) {
            if (e.result() != result || !e.variable().equals(variable)) {
                continue;
            }
            assertThat(valueSeen).as("partial after the value of " + variable).isFalse();
            if (e.partial()) {
                String text = (String) e.value();
                assertThat(text).startsWith(previous).isNotEqualTo(previous);
                assertThat(String.valueOf(finalValue)).startsWith(text);
                previous = text;
            } else {
                assertThat(e.value()).isEqualTo(finalValue);
                valueSeen = true;
            }
        }
        assertThat(valueSeen).isTrue();
    }
}
