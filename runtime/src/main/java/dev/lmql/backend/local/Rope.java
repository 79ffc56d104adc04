package dev.lmql.backend.local;

/**
 * The rotation angles of RoPE at each position, computed as llama.cpp's {@code rope_yarn} does: pair {@code i}
 * turns by {@code pos * base^(-2i/dims) / freqFactor[i]} (extrapolated), or {@code freqScale} times that
 * (interpolated), mixed per pair by YaRN's ramp between the correction dimensions; cosine and sine are scaled by
 * the magnitude factor. Because both the mix and the factors are per pair, each pair's angle is a fixed multiple
 * of the position, precomputed once.
 */
final class Rope {
    private final RopeConfig config;
    private final double[] frequencies;
    private final double magnitude;

    /**
     * @param freqFactors per-pair divisors of the base frequencies (LLaMA 3.1 {@code rope_freqs.weight}), or null
     */
    Rope(RopeConfig config, float[] freqFactors) {
        this.config = config;
        int pairs = config.dims() / 2;
        if (freqFactors != null && freqFactors.length != pairs) {
            throw new IllegalArgumentException("rope_freqs has " + freqFactors.length + " factors but RoPE rotates "
                    + pairs + " pairs");
        }
        double[] corr = config.extFactor() == 0 ? null : correctionDims(config);
        this.frequencies = new double[pairs];
        for (int i = 0; i < pairs; i++) {
            double extrapolated = Math.pow(config.base(), -2.0 * i / config.dims())
                    / (freqFactors == null ? 1.0 : freqFactors[i]);
            double mix = config.extFactor() == 0 ? 0 : ramp(corr[0], corr[1], i) * config.extFactor();
            frequencies[i] = extrapolated * (config.freqScale() * (1 - mix) + mix);
        }
        double m = config.attnFactor();
        if (config.extFactor() != 0) {
            m *= 1 + 0.1 * Math.log(1.0 / config.freqScale());
        }
        this.magnitude = m;
    }

    /** Angle per unit of position for each rotated pair. */
    double[] frequencies() {
        return frequencies.clone();
    }

    /** The factor on cosine and sine (1 without YaRN). */
    double magnitude() {
        return magnitude;
    }

    int pairs() {
        return frequencies.length;
    }

    boolean neox() {
        return config.neox();
    }

    /** Writes the scaled cosines and sines of position {@code pos} to {@code cos/sin[off .. off+pairs)}. */
    void angles(int pos, float[] cos, float[] sin, int off) {
        for (int i = 0; i < frequencies.length; i++) {
            double theta = pos * frequencies[i];
            cos[off + i] = (float) (Math.cos(theta) * magnitude);
            sin[off + i] = (float) (Math.sin(theta) * magnitude);
        }
    }

    /**
     * YaRN's first and last pair whose wavelength is between {@code betaFast} and {@code betaSlow} rotations over the
     * original context (llama.cpp {@code ggml_rope_yarn_corr_dims}: floored / ceiled and clamped to the dims).
     */
    static double[] correctionDims(RopeConfig c) {
        double start = Math.floor(correctionDim(c, c.betaFast()));
        double end = Math.ceil(correctionDim(c, c.betaSlow()));
        return new double[] {Math.max(0, start), Math.min(c.dims() - 1, end)};
    }

    private static double correctionDim(RopeConfig c, double rotations) {
        return c.dims() * Math.log(c.originalContext() / (rotations * 2 * Math.PI)) / (2 * Math.log(c.base()));
    }

    /** 1 below {@code low} (extrapolate), 0 above {@code high} (interpolate), linear between. */
    private static double ramp(double low, double high, int pair) {
        double y = (pair - low) / Math.max(0.001, high - low);
        return 1 - Math.min(1, Math.max(0, y));
    }
}
