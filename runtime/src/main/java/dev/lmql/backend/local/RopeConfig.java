package dev.lmql.backend.local;

/**
 * Rotary position embedding parameters, read from GGUF metadata with llama.cpp's semantics.
 *
 * @param dims            leading dimensions of each head that RoPE rotates ({@code rope.dimension_count})
 * @param neox            NeoX-style rotation (pairs i and i + dims/2) instead of adjacent pairs
 * @param base            frequency base ({@code rope.freq_base})
 * @param freqScale       1 / {@code rope.scaling.factor} for linear and YaRN scaling, else 1
 * @param extFactor       YaRN extrapolation mix: 1 for {@code rope.scaling.type = yarn}, else 0
 * @param attnFactor      the magnitude factor llama.cpp hands its rope kernel ({@code rope.scaling.attn_factor},
 *                        YaRN's corrections folded in); the kernel multiplies it by {@code 1 + 0.1 ln(1/freqScale)}
 *                        when {@code extFactor != 0}
 * @param betaFast        YaRN high-frequency boundary in rotations ({@code rope.scaling.yarn_beta_fast}, default 32)
 * @param betaSlow        YaRN low-frequency boundary in rotations ({@code rope.scaling.yarn_beta_slow}, default 1)
 * @param originalContext context length the model was trained at before scaling
 *                        ({@code rope.scaling.original_context_length}, default the context length)
 */
record RopeConfig(int dims, boolean neox, float base, float freqScale, float extFactor, float attnFactor,
        float betaFast, float betaSlow, int originalContext) {

    /** Plain RoPE: no scaling. */
    static RopeConfig plain(int dims, boolean neox, float base) {
        return new RopeConfig(dims, neox, base, 1f, 0f, 1f, 32f, 1f, 0);
    }

    RopeConfig {
        if (dims <= 0 || dims % 2 != 0) {
            throw new IllegalArgumentException("rope.dimension_count " + dims + " must be positive and even");
        }
        if (!(base > 0) || !(freqScale > 0) || !Float.isFinite(attnFactor) || !Float.isFinite(extFactor)) {
            throw new IllegalArgumentException("RoPE parameters must be finite and positive: freq_base=" + base
                    + ", scaling factor=" + (1 / freqScale) + ", attn_factor=" + attnFactor + ", ext_factor="
                    + extFactor);
        }
    }
}
