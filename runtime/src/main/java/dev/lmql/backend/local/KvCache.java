package dev.lmql.backend.local;

import java.util.Arrays;

/**
 * Keys and values of every layer for positions {@code 0 .. capacity}; grows on demand up to the context length.
 * An f32 cache holds floats, one row per key/value dimension across positions ({@code [dim][position]}), so
 * attention runs vector operations along the positions whatever the head size. An f16 cache holds IEEE
 * half-precision bits position by position ({@code [position][dim]}, half the memory), as llama.cpp's default
 * cache does.
 */
final class KvCache {
    private final int layers;
    private final int kvDim;
    private final int maxPositions;
    private final boolean half;
    /** f32 mode: {@code [layer][i * capacity + position]}; empty arrays in f16 mode. */
    final float[][] keys;
    final float[][] values;
    /** f16 mode: {@code [layer][position * kvDim + i]} in half-precision bits; empty arrays in f32 mode. */
    final short[][] halfKeys;
    final short[][] halfValues;
    private int capacity;

    /**
     * @param half store keys and values as f16 and attend with llama.cpp's f16 flash-attention numerics
     *             (see {@link LlamaCppNumerics})
     */
    KvCache(LlamaConfig config, int maxPositions, boolean half) {
        this.half = half;
        this.layers = config.layers();
        this.kvDim = config.kvDim();
        this.maxPositions = maxPositions;
        this.keys = new float[layers][0];
        this.values = new float[layers][0];
        this.halfKeys = new short[layers][0];
        this.halfValues = new short[layers][0];
    }

    boolean half() {
        return half;
    }

    /** Distance between two dimensions' rows of an f32 cache (its capacity in positions). */
    int stride() {
        return capacity;
    }

    int maxPositions() {
        return maxPositions;
    }

    /** Bytes held for keys and values (what the cache costs in memory). */
    long bytes() {
        return (long) layers * capacity * kvDim * 2 * (half ? Short.BYTES : Float.BYTES);
    }

    /** Makes room for positions {@code 0 .. positions-1}, keeping what is stored. */
    void ensure(int positions) {
        if (positions > maxPositions) {
            throw new IllegalArgumentException("the context needs " + positions + " positions but the context length"
                    + " is " + maxPositions + " (raise the option context_length, up to the model's trained length)");
        }
        if (positions <= capacity) {
            return;
        }
        int grown = Math.min(maxPositions, Math.max(positions, Math.max(64, capacity * 2)));
        for (int l = 0; l < layers; l++) {
            if (half) {
                halfKeys[l] = Arrays.copyOf(halfKeys[l], grown * kvDim);
                halfValues[l] = Arrays.copyOf(halfValues[l], grown * kvDim);
            } else {
                keys[l] = restride(keys[l], capacity, grown, capacity);
                values[l] = restride(values[l], capacity, grown, capacity);
            }
        }
        capacity = grown;
    }

    /** Stores {@code n} positions' keys and values of one layer from {@code pos0} (f16: rounded to nearest even). */
    void store(int layer, int pos0, float[] k, float[] v, int n) {
        int from = pos0 * kvDim;
        int count = n * kvDim;
        if (!half) {
            float[] kt = keys[layer];
            float[] vt = values[layer];
            for (int t = 0; t < n; t++) {
                for (int i = 0; i < kvDim; i++) {
                    kt[i * capacity + pos0 + t] = k[t * kvDim + i];
                    vt[i * capacity + pos0 + t] = v[t * kvDim + i];
                }
            }
            return;
        }
        short[] hk = halfKeys[layer];
        short[] hv = halfValues[layer];
        for (int i = 0; i < count; i++) {
            hk[from + i] = Float16.fromFloat(k[i]);
            hv[from + i] = Float16.fromFloat(v[i]);
        }
    }

    /** The first {@code positions} entries of each dimension's row, moved from rows of {@code from} to {@code to}. */
    private float[] restride(float[] rows, int from, int to, int positions) {
        float[] out = new float[kvDim * to];
        for (int i = 0; i < kvDim; i++) {
            System.arraycopy(rows, i * from, out, i * to, positions);
        }
        return out;
    }

    /** A new cache holding a copy of the first {@code positions} positions (to fork a shared prefix). */
    KvCache copyPrefix(LlamaConfig config, int positions) {
        KvCache c = new KvCache(config, maxPositions, half);
        c.ensure(Math.max(positions, 1));
        int count = positions * kvDim;
        for (int l = 0; l < layers; l++) {
            if (half) {
                System.arraycopy(halfKeys[l], 0, c.halfKeys[l], 0, count);
                System.arraycopy(halfValues[l], 0, c.halfValues[l], 0, count);
            } else {
                c.keys[l] = restride(keys[l], capacity, c.capacity, positions);
                c.values[l] = restride(values[l], capacity, c.capacity, positions);
            }
        }
        return c;
    }
}
