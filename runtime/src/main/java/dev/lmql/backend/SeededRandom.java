package dev.lmql.backend;

/**
 * A SplitMix64 generator: a fixed, documented algorithm, so a seed gives the same draws on every JVM and
 * platform (unlike relying on {@code java.util.Random} subclasses or hash codes). Not thread-safe; create one
 * per sequence.
 */
public final class SeededRandom {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    private long state;

    public SeededRandom(long seed) {
        this.state = seed;
    }

    /** The SplitMix64 finalizer: a strong 64-bit mix of {@code z}. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A 64-bit hash of a seed and token ids (FNV-1a over the ids, then mixed with the seed). */
    public static long hash(long seed, int[] ids, int length) {
        long h = 0xCBF29CE484222325L;
        for (int i = 0; i < length; i++) {
            h ^= ids[i] & 0xFFFFFFFFL;
            h *= 0x100000001B3L;
        }
        return mix(h ^ mix(seed + GOLDEN_GAMMA));
    }

    /** A seed for the {@code index}-th of several independent sequences drawn from {@code seed}. */
    public static long derive(long seed, long index) {
        return mix(seed + (index + 1) * GOLDEN_GAMMA);
    }

    public long nextLong() {
        state += GOLDEN_GAMMA;
        return mix(state);
    }

    /** Uniform in [0, 1) with 53 bits of precision. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, bound). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        return (int) ((nextLong() >>> 1) % bound);
    }
}
