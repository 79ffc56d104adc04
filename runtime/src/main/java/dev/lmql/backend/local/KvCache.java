package dev.lmql.backend.local;

import java.util.Arrays;

/** Keys and values of every layer for positions {@code 0 .. capacity}; grows on demand up to the context length. */
final class KvCache {
    private final int layers;
    private final int kvDim;
    private final int maxPositions;
    final float[][] keys;
    final float[][] values;
    private final boolean half;
    private int capacity;

    /**
     * @param half keep keys and values rounded to f16 and attend with llama.cpp's f16 flash-attention numerics
     *             (values are still held in float arrays)
     */
    KvCache(LlamaConfig config, int maxPositions, boolean half) {
        this.half = half;
        this.layers = config.layers();
        this.kvDim = config.kvDim();
        this.maxPositions = maxPositions;
        this.keys = new float[layers][0];
        this.values = new float[layers][0];
    }

    boolean half() {
        return half;
    }

    int maxPositions() {
        return maxPositions;
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
            keys[l] = Arrays.copyOf(keys[l], grown * kvDim);
            values[l] = Arrays.copyOf(values[l], grown * kvDim);
        }
        capacity = grown;
    }

    /** A new cache holding a copy of the first {@code positions} positions (to fork a shared prefix). */
    KvCache copyPrefix(LlamaConfig config, int positions) {
        KvCache c = new KvCache(config, maxPositions, half);
        c.ensure(Math.max(positions, 1));
        for (int l = 0; l < layers; l++) {
            System.arraycopy(keys[l], 0, c.keys[l], 0, positions * kvDim);
            System.arraycopy(values[l], 0, c.values[l], 0, positions * kvDim);
        }
        return c;
    }
}
