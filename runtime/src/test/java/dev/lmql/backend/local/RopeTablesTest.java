package dev.lmql.backend.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lmql.backend.local.RandomLlamaGguf.Llama3Rope;
import org.junit.jupiter.api.Test;

/**
 * RoPE frequency tables against values worked out by hand from llama.cpp's formulas ({@code rope_yarn},
 * {@code ggml_rope_yarn_corr_dims}) and from convert_hf_to_gguf.py's LLaMA 3 factors.
 */
class RopeTablesTest {

    private static RopeConfig yarn(int dims, float base, float factor, int originalContext) {
        return new RopeConfig(dims, true, base, 1f / factor, 1f, (float) (1 / (1 + 0.1 * Math.log(factor))), 32f, 1f,
                originalContext);
    }

    @Test
    void plainRopeIsBasePowers() {
        Rope r = new Rope(RopeConfig.plain(8, false, 10000f), null);
        // base^(-2i/8) = 10000^(-i/4): 1, 0.1, 0.01, 0.001
        assertThat(r.frequencies()).containsExactly(new double[] {1, 0.1, 0.01, 0.001}, within(1e-12));
        assertThat(r.magnitude()).isEqualTo(1.0);
    }

    @Test
    void yarnSixteenDimsFactorFour() {
        RopeConfig c = yarn(16, 10000f, 4f, 4096);
        // corr dims: 16 ln(4096 / (32 * 2pi)) / (2 ln 10000) = 2.61 -> floor 2; 16 ln(4096 / 2pi) / (2 ln 10000)
        // = 5.63 -> ceil 6
        assertThat(Rope.correctionDims(c)).containsExactly(2.0, 6.0);
        // pairs 0..2 extrapolate (ramp 1): 10000^(-i/8); pairs 3..5 mix with ramp 1 - (i-2)/4 = 0.75, 0.5, 0.25;
        // pairs 6, 7 interpolate: 10000^(-i/8) / 4.
        // pair 3: 10000^(-3/8) * (0.25 * 0.25 + 0.75) = 0.0316228 * 0.8125; pair 4: 0.01 * 0.625;
        // pair 5: 10000^(-5/8) * (0.25 * 0.75 + 0.25) = 0.00316228 * 0.4375
        double[] expected = {1, 0.316227766, 0.1, 0.025693506, 0.00625, 0.001383496, 0.001 / 4, 0.000316228 / 4};
        assertThat(new Rope(c, null).frequencies()).containsExactly(expected, within(1e-9));
        // attn_factor here is 1 / (1 + 0.1 ln 4), as llama.cpp hands its kernel, which multiplies by 1 + 0.1 ln 4
        assertThat(new Rope(c, null).magnitude()).isCloseTo(1.0, within(1e-6));
    }

    @Test
    void yarnQwenLongContextSettings() {
        // Qwen2.5 128K: head 128, base 1e6, factor 4 over 32768 positions
        RopeConfig c = yarn(128, 1_000_000f, 4f, 32768);
        // 128 ln(32768 / (64 pi)) / (2 ln 1e6) = 23.60 -> 23; 128 ln(32768 / 2pi) / (2 ln 1e6) = 39.65 -> 40
        assertThat(Rope.correctionDims(c)).containsExactly(23.0, 40.0);
        double[] f = new Rope(c, null).frequencies();
        // pair 10 extrapolates: 1e6^(-20/128) = 0.1154782
        assertThat(f[10]).isCloseTo(0.11547820, within(1e-8));
        // pair 30: ramp 1 - 7/17 = 10/17; 1e6^(-60/128) = 0.00153993 * (0.25 * 7/17 + 10/17) = 0.0010643610
        assertThat(f[30]).isCloseTo(0.0010643610, within(1e-10));
        // pair 63 interpolates: 1e6^(-126/128) / 4 = 1.2409378e-6 / 4
        assertThat(f[63]).isCloseTo(3.1023444e-7, within(1e-13));
    }

    @Test
    void yarnMagnitudeFromMetadataMatchesLlamaCpp() {
        // what the loader derives for yarn x4 with rope.scaling.attn_factor 1: the kernel multiplies llama.cpp's
        // attn_factor (1 + 0.1 ln 4) / (1 + 0.1 ln 4) by 1 + 0.1 ln 4 -> 1.1386294
        RopeConfig c = new RopeConfig(16, false, 10000f, 0.25f, 1f, 1f, 32f, 1f, 4096);
        assertThat(new Rope(c, null).magnitude()).isCloseTo(1.1386294, within(1e-6));
    }

    @Test
    void llama3FactorsAsTheConverterWritesThem() {
        // LLaMA 3.1: head 128, base 500000, factor 8, low 1, high 4, 8192 original positions.
        // wavelength 2pi * 500000^(2i/128) below 8192/4 = 2048 keeps 1 (pairs 0..28: pair 28 is 1956.5),
        // above 8192 gets 8 (pairs 35..63: pair 35 is 8218.7), between: 1 / ((1 - smooth) / 8 + smooth) with
        // smooth = (8192 / wavelength - 1) / (4 - 1)
        float[] f = Llama3Rope.LLAMA_3_1.factors(128, 500000f);
        assertThat(f).hasSize(64);
        assertThat(f[0]).isEqualTo(1f);
        assertThat(f[28]).isEqualTo(1f);
        assertThat(f[35]).isEqualTo(8f);
        assertThat(f[63]).isEqualTo(8f);
        // pair 29: wavelength 2401.74; smooth = (3.41085 - 1) / 3 = 0.803621; 1 / (0.196379 / 8 + 0.803621) = 1.207484
        assertThat(f[29]).isCloseTo(1.2074839f, within(1e-5f));
        // pair 34: wavelength 6695.11; smooth = (1.223580 - 1) / 3 = 0.0745266; 1 / (0.925473 / 8 + 0.0745266)
        // = 5.257327
        assertThat(f[34]).isCloseTo(5.2573266f, within(1e-5f));
        // a short setting: head 16, base 10000, factor 4, 64 original positions
        // pair 1: wavelength 2pi * 10 = 19.87 -> smooth (64/19.87 - 1)/3 = 0.7403 -> 1.24182; pair 2: 62.83 ->
        // smooth 0.00620 -> 3.92699; pairs >= 3 -> 4
        assertThat(new Llama3Rope(4f, 1f, 4f, 64).factors(16, 10000f))
                .containsExactly(new float[] {1f, 1.2418235f, 3.9269908f, 4f, 4f, 4f, 4f, 4f}, within(1e-5f));
    }

    @Test
    void frequencyFactorsDivideTheBaseFrequencies() {
        float[] ff = {1f, 2f, 4f, 8f};
        Rope r = new Rope(RopeConfig.plain(8, true, 10000f), ff);
        assertThat(r.frequencies()).containsExactly(new double[] {1, 0.05, 0.0025, 0.000125}, within(1e-12));
        float[] cos = new float[4];
        float[] sin = new float[4];
        r.angles(3, cos, sin, 0);
        assertThat(cos[1]).isCloseTo((float) Math.cos(0.15), within(1e-7f));
        assertThat(sin[1]).isCloseTo((float) Math.sin(0.15), within(1e-7f));
    }

    @Test
    void doublePrecisionAnglesAgreeWithTheFloatLlamaCppCache() {
        float[] llama3 = Llama3Rope.LLAMA_3_1.factors(128, 500000f);
        RopeConfig[] configs = {
            new RopeConfig(128, false, 500000f, 1f, 0f, 1f, 32f, 1f, 8192),
            new RopeConfig(128, true, 1_000_000f, 0.25f, 1f, (float) (1 / (1 + 0.1 * Math.log(4))), 32f, 1f, 32768),
            new RopeConfig(64, true, 10000f, 0.5f, 0f, 1.19f, 32f, 1f, 4096)};
        float[][] factors = {llama3, null, null};
        for (int c = 0; c < configs.length; c++) {
            Rope rope = new Rope(configs[c], factors[c]);
            int pairs = rope.pairs();
            float[] cos = new float[pairs];
            float[] sin = new float[pairs];
            float[] cosRef = new float[pairs];
            float[] sinRef = new float[pairs];
            for (int pos : new int[] {0, 1, 17, 300, 2047}) {
                rope.angles(pos, cos, sin, 0);
                LlamaCppNumerics.ropeCache(configs[c], factors[c], pos, cosRef, sinRef, 0);
                for (int i = 0; i < pairs; i++) {
                    // float angles drift by ~pos * 1e-8 rad (1.3e-5 seen at 2047); the double ones are exact
                    assertThat(cos[i]).as("config %d pos %d pair %d cos", c, pos, i)
                            .isCloseTo(cosRef[i], within(2e-4f));
                    assertThat(sin[i]).as("config %d pos %d pair %d sin", c, pos, i)
                            .isCloseTo(sinRef[i], within(2e-4f));
                }
            }
        }
    }
}
