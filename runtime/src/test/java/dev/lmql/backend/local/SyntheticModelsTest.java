package dev.lmql.backend.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lmql.backend.local.gguf.GgmlType;
import dev.lmql.backend.local.gguf.GgufFile;
import dev.lmql.backend.local.gguf.GgufWriter;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Architectures and options the shared models do not exercise — Qwen2 (NeoX RoPE, QKV bias), a tied output head,
 * partial RoPE with linear scaling, quantized weights — on small random models written with {@link GgufWriter},
 * against a naive forward pass written independently here (full matrices, no cache, no batching).
 */
class SyntheticModelsTest {
    static final int DIM = 64;
    static final int FFN = 96;
    static final int HEADS = 4;
    static final int KV_HEADS = 2;
    static final int HEAD_DIM = DIM / HEADS;
    static final int VOCAB = 40;
    static final int LAYERS = 2;

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0} rope_dims={1} scale={2} tied={3} {4}")
    @CsvSource({
        "llama, 16, 1.0, false, F32",
        "qwen2, 16, 1.0, true, F32",
        "llama, 8, 4.0, true, F32",
        "qwen2, 8, 2.0, false, F16",
        "llama, 16, 1.0, false, Q8_0"})
    void engineMatchesANaiveForwardPass(String arch, int ropeDims, float scale, boolean tied, String type)
            throws Exception {
        Random rnd = new Random(arch.hashCode() * 31 + ropeDims);
        Naive naive = new Naive(arch.equals("qwen2"), ropeDims, scale, rnd, GgmlType.valueOf(type));
        Path file = tmp.resolve(arch + ".gguf");
        naive.write(file, arch, tied);
        int[] tokens = {1, 5, 9, 2, 33, 17, 4, 4, 39, 0};
        try (ParallelRunner parallel = new ParallelRunner(2)) {
            Transformer t = new Transformer(LlamaLoader.load(GgufFile.open(file)), parallel);
            assertThat(t.config().rope().neox()).isEqualTo(arch.equals("qwen2"));
            float[] logits = t.forward(new KvCache(t.config(), 32, false), 0, tokens, 0, tokens.length, 0);
            for (int pos = 0; pos < tokens.length; pos++) {
                float[] expected = naive.logits(tokens, pos, tied);
                for (int v = 0; v < VOCAB; v++) {
                    assertThat(logits[pos * VOCAB + v]).as("position %d token %d", pos, v)
                            .isCloseTo(expected[v], within(2e-3f + Math.abs(expected[v]) * 1e-3f));
                }
            }
        }
    }

    /** Weights as plain float matrices (already rounded through the tensor type) and a textbook forward pass. */
    static final class Naive {
        final boolean neox;
        final int ropeDims;
        final float scale;
        final GgmlType type;
        final float[][] embedding;
        final float[][] output;
        final float[] outNorm;
        final float[][][] wq = new float[LAYERS][][];
        final float[][][] wk = new float[LAYERS][][];
        final float[][][] wv = new float[LAYERS][][];
        final float[][][] wo = new float[LAYERS][][];
        final float[][][] gate = new float[LAYERS][][];
        final float[][][] up = new float[LAYERS][][];
        final float[][][] down = new float[LAYERS][][];
        final float[][] bq = new float[LAYERS][];
        final float[][] bk = new float[LAYERS][];
        final float[][] bv = new float[LAYERS][];
        final float[][] attnNorm = new float[LAYERS][];
        final float[][] ffnNorm = new float[LAYERS][];

        Naive(boolean qwen, int ropeDims, float scale, Random rnd, GgmlType type) {
            this.neox = qwen;
            this.ropeDims = ropeDims;
            this.scale = scale;
            this.type = type;
            embedding = matrix(VOCAB, DIM, rnd);
            output = matrix(VOCAB, DIM, rnd);
            outNorm = vector(DIM, rnd, 1f);
            int kv = KV_HEADS * HEAD_DIM;
            for (int l = 0; l < LAYERS; l++) {
                wq[l] = matrix(DIM, DIM, rnd);
                wk[l] = matrix(kv, DIM, rnd);
                wv[l] = matrix(kv, DIM, rnd);
                wo[l] = matrix(DIM, DIM, rnd);
                gate[l] = matrix(FFN, DIM, rnd);
                up[l] = matrix(FFN, DIM, rnd);
                down[l] = matrix(DIM, FFN, rnd);
                attnNorm[l] = vector(DIM, rnd, 1f);
                ffnNorm[l] = vector(DIM, rnd, 1f);
                if (qwen) {
                    bq[l] = vector(DIM, rnd, 0f);
                    bk[l] = vector(kv, rnd, 0f);
                    bv[l] = vector(kv, rnd, 0f);
                }
            }
        }

        private float[][] matrix(int rows, int cols, Random rnd) {
            float[][] m = new float[rows][cols];
            for (float[] row : m) {
                for (int i = 0; i < cols; i++) {
                    row[i] = (float) (rnd.nextGaussian() / Math.sqrt(cols));
                }
                // round through the tensor type so both sides see the same weights
                float[] back = new float[cols];
                WeightMatrices.create(type.name(), java.nio.ByteBuffer.wrap(Quantization.quantize(type.name(), row)),
                        1, cols, "w").dequantizeRow(0, back, 0);
                System.arraycopy(back, 0, row, 0, cols);
            }
            return m;
        }

        private static float[] vector(int n, Random rnd, float center) {
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                v[i] = center + (float) (rnd.nextGaussian() * 0.1);
            }
            return v;
        }

        void write(Path file, String arch, boolean tied) throws Exception {
            GgufWriter w = new GgufWriter();
            w.putString("general.architecture", arch);
            w.putUInt32(arch + ".embedding_length", DIM);
            w.putUInt32(arch + ".feed_forward_length", FFN);
            w.putUInt32(arch + ".block_count", LAYERS);
            w.putUInt32(arch + ".attention.head_count", HEADS);
            w.putUInt32(arch + ".attention.head_count_kv", KV_HEADS);
            w.putUInt32(arch + ".context_length", 32);
            w.putUInt32(arch + ".rope.dimension_count", ropeDims);
            w.putFloat32(arch + ".rope.freq_base", 5000f);
            if (scale != 1f) {
                w.putString(arch + ".rope.scaling.type", "linear");
                w.putFloat32(arch + ".rope.scaling.factor", scale);
            }
            w.putFloat32(arch + ".attention.layer_norm_rms_epsilon", 1e-6f);
            put(w, "token_embd.weight", embedding);
            for (int l = 0; l < LAYERS; l++) {
                String p = "blk." + l + ".";
                putVector(w, p + "attn_norm.weight", attnNorm[l]);
                put(w, p + "attn_q.weight", wq[l]);
                put(w, p + "attn_k.weight", wk[l]);
                put(w, p + "attn_v.weight", wv[l]);
                if (neox) {
                    putVector(w, p + "attn_q.bias", bq[l]);
                    putVector(w, p + "attn_k.bias", bk[l]);
                    putVector(w, p + "attn_v.bias", bv[l]);
                }
                put(w, p + "attn_output.weight", wo[l]);
                putVector(w, p + "ffn_norm.weight", ffnNorm[l]);
                put(w, p + "ffn_gate.weight", gate[l]);
                put(w, p + "ffn_up.weight", up[l]);
                put(w, p + "ffn_down.weight", down[l]);
            }
            putVector(w, "output_norm.weight", outNorm);
            if (!tied) {
                put(w, "output.weight", output);
            }
            w.write(file);
        }

        private void put(GgufWriter w, String name, float[][] m) {
            int rows = m.length;
            int cols = m[0].length;
            float[] flat = new float[rows * cols];
            for (int r = 0; r < rows; r++) {
                System.arraycopy(m[r], 0, flat, r * cols, cols);
            }
            w.addTensor(name, type, new long[] {cols, rows}, Quantization.quantize(type.name(), flat));
        }

        private static void putVector(GgufWriter w, String name, float[] v) {
            w.addTensor(name, GgmlType.F32, new long[] {v.length}, Quantization.quantize("F32", v));
        }

        /** Logits after tokens[0..pos], recomputing everything from scratch. */
        float[] logits(int[] tokens, int pos, boolean tied) {
            int n = pos + 1;
            double[][] x = new double[n][];
            for (int t = 0; t < n; t++) {
                x[t] = toDouble(embedding[tokens[t]]);
            }
            for (int l = 0; l < LAYERS; l++) {
                double[][] q = new double[n][];
                double[][] k = new double[n][];
                double[][] v = new double[n][];
                for (int t = 0; t < n; t++) {
                    double[] h = norm(x[t], attnNorm[l]);
                    q[t] = rope(add(mul(wq[l], h), bq[l]), t, HEADS);
                    k[t] = rope(add(mul(wk[l], h), bk[l]), t, KV_HEADS);
                    v[t] = add(mul(wv[l], h), bv[l]);
                }
                for (int t = 0; t < n; t++) {
                    double[] att = new double[DIM];
                    for (int h = 0; h < HEADS; h++) {
                        int kvh = h / (HEADS / KV_HEADS);
                        double[] w = new double[t + 1];
                        double max = Double.NEGATIVE_INFINITY;
                        for (int j = 0; j <= t; j++) {
                            double s = 0;
                            for (int i = 0; i < HEAD_DIM; i++) {
                                s += q[t][h * HEAD_DIM + i] * k[j][kvh * HEAD_DIM + i];
                            }
                            w[j] = s / Math.sqrt(HEAD_DIM);
                            max = Math.max(max, w[j]);
                        }
                        double sum = 0;
                        for (int j = 0; j <= t; j++) {
                            w[j] = Math.exp(w[j] - max);
                            sum += w[j];
                        }
                        for (int j = 0; j <= t; j++) {
                            for (int i = 0; i < HEAD_DIM; i++) {
                                att[h * HEAD_DIM + i] += w[j] / sum * v[j][kvh * HEAD_DIM + i];
                            }
                        }
                    }
                    double[] o = mul(wo[l], att);
                    for (int i = 0; i < DIM; i++) {
                        x[t][i] += o[i];
                    }
                    double[] h = norm(x[t], ffnNorm[l]);
                    double[] g = mul(gate[l], h);
                    double[] u = mul(up[l], h);
                    double[] act = new double[FFN];
                    for (int i = 0; i < FFN; i++) {
                        act[i] = g[i] / (1 + Math.exp(-g[i])) * u[i];
                    }
                    double[] d = mul(down[l], act);
                    for (int i = 0; i < DIM; i++) {
                        x[t][i] += d[i];
                    }
                }
            }
            double[] h = norm(x[pos], outNorm);
            double[] out = mul(tied ? embedding : output, h);
            float[] f = new float[VOCAB];
            for (int i = 0; i < VOCAB; i++) {
                f[i] = (float) out[i];
            }
            return f;
        }

        private double[] rope(double[] x, int pos, int heads) {
            for (int h = 0; h < heads; h++) {
                for (int i = 0; i < ropeDims / 2; i++) {
                    double theta = pos / scale * Math.pow(5000, -2.0 * i / ropeDims);
                    int a = h * HEAD_DIM + (neox ? i : 2 * i);
                    int b = h * HEAD_DIM + (neox ? i + ropeDims / 2 : 2 * i + 1);
                    double x0 = x[a];
                    double x1 = x[b];
                    x[a] = x0 * Math.cos(theta) - x1 * Math.sin(theta);
                    x[b] = x0 * Math.sin(theta) + x1 * Math.cos(theta);
                }
            }
            return x;
        }

        private static double[] norm(double[] x, float[] w) {
            double ss = 0;
            for (double v : x) {
                ss += v * v;
            }
            double s = 1 / Math.sqrt(ss / x.length + 1e-6);
            double[] out = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                out[i] = x[i] * s * w[i];
            }
            return out;
        }

        private static double[] mul(float[][] m, double[] x) {
            double[] out = new double[m.length];
            for (int r = 0; r < m.length; r++) {
                for (int c = 0; c < x.length; c++) {
                    out[r] += m[r][c] * x[c];
                }
            }
            return out;
        }

        private static double[] add(double[] x, float[] b) {
            if (b != null) {
                for (int i = 0; i < x.length; i++) {
                    x[i] += b[i];
                }
            }
            return x;
        }

        private static double[] toDouble(float[] f) {
            double[] d = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                d[i] = f[i];
            }
            return d;
        }
    }
}
