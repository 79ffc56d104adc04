package dev.lmql;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * An immutable probability distribution over values, most likely first (the result of a {@code distribution}
 * clause). Ties keep the order in which the values were given.
 *
 * @param <T> the value type (String for a query; an enum or number after {@link #map})
 */
public final class Distribution<T> {

    /** One value and its probability. */
    public record Entry<T>(T value, double probability) {
    }

    private final List<Entry<T>> entries;

    private Distribution(List<Entry<T>> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * A distribution from value → probability.
     *
     * @throws IllegalArgumentException when empty, or a probability is negative or not finite
     */
    public static <T> Distribution<T> of(Map<T, Double> probabilities) {
        Objects.requireNonNull(probabilities, "probabilities");
        if (probabilities.isEmpty()) {
            throw new IllegalArgumentException("a distribution needs at least one value");
        }
        List<Entry<T>> list = new ArrayList<>();
        for (Map.Entry<T, Double> e : probabilities.entrySet()) {
            Double p = e.getValue();
            if (p == null || !Double.isFinite(p) || p < 0) {
                throw new IllegalArgumentException("probability of " + e.getKey() + " must be a finite number >= 0, got "
                        + p);
            }
            list.add(new Entry<>(e.getKey(), p));
        }
        list.sort(Comparator.comparingDouble((Entry<T> e) -> e.probability()).reversed());
        return new Distribution<>(list);
    }

    /** The values with their probabilities, most likely first. */
    public List<Entry<T>> entries() {
        return entries;
    }

    /** The most likely value (the first given on ties). */
    public T mostLikely() {
        return entries.get(0).value();
    }

    /** The probability of the value, 0 when it is not in the distribution. */
    public double probability(T value) {
        for (Entry<T> e : entries) {
            if (Objects.equals(e.value(), value)) {
                return e.probability();
            }
        }
        return 0.0;
    }

    /** The values mapped by {@code f}; values that map to the same result add up their probabilities. */
    public <R> Distribution<R> map(Function<? super T, ? extends R> f) {
        Map<R, Double> out = new LinkedHashMap<>();
        for (Entry<T> e : entries) {
            out.merge(f.apply(e.value()), e.probability(), Double::sum);
        }
        return of(out);
    }

    /** value → probability, most likely first. */
    public Map<T, Double> asMap() {
        Map<T, Double> out = new LinkedHashMap<>();
        for (Entry<T> e : entries) {
            out.put(e.value(), e.probability());
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Distribution && ((Distribution<?>) o).entries.equals(entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("Distribution[");
        for (int i = 0; i < entries.size(); i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(entries.get(i).value()).append('=').append(String.format(java.util.Locale.ROOT, "%.4f",
                    entries.get(i).probability()));
        }
        return b.append(']').toString();
    }
}
