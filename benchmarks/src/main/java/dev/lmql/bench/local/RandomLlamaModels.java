package dev.lmql.bench.local;

import dev.lmql.backend.local.Quantization;
import dev.lmql.backend.local.gguf.GgmlType;
import dev.lmql.backend.local.gguf.GgufFile;
import dev.lmql.backend.local.gguf.GgufMetadata;
import dev.lmql.backend.local.gguf.GgufValueType;
import dev.lmql.backend.local.gguf.GgufWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes random-weight LLaMA models of realistic size as GGUF files, so the engine can be measured beyond the tiny
 * test models. The tokenizer (the 32000-token Llama-2 vocabulary) is copied from a donor GGUF; weights are
 * Gaussian, quantized row by row while the file is written, so a multi-gigabyte model never sits in memory.
 * Files go under {@code benchmarks/target/} and are never committed.
 */
public final class RandomLlamaModels {
    private RandomLlamaModels() {
    }

    /** A model shape; {@code vocab} comes from the donor tokenizer. */
    public record Shape(String name, int dim, int ffn, int layers, int heads, int kvHeads) {
        long parameters(int vocab) {
            long kvDim = (long) dim / heads * kvHeads;
            long perLayer = 2L * dim * dim + 2L * dim * kvDim + 3L * dim * ffn + 2L * dim;
            return layers * perLayer + 2L * vocab * dim + dim;
        }
    }

    /** About 0.5B parameters with the Llama-2 vocabulary (head 64, 4 KV heads). */
    public static final Shape HALF_B = new Shape("0.5B", 1280, 3584, 24, 20, 4);
    /** About 1.1B parameters: TinyLlama's shape. */
    public static final Shape ONE_B = new Shape("1.1B", 2048, 5632, 22, 32, 4);

    /**
     * Writes (or reuses, when present) {@code dir/random-<shape>-<type>.gguf}.
     *
     * @param donor a GGUF file whose {@code tokenizer.*} metadata is copied (llama-2-tiny-random.gguf)
     */
    public static Path write(Shape shape, GgmlType type, Path donor, Path dir) throws IOException {
        Path out = dir.resolve("random-" + shape.name() + "-" + type.name() + ".gguf");
        if (Files.isRegularFile(out)) {
            return out;
        }
        Files.createDirectories(dir);
        GgufFile source = GgufFile.open(donor);
        int vocab = Math.toIntExact(source.tensor("token_embd.weight").dimension(1));
        GgufWriter w = new GgufWriter();
        for (String key : source.metadata().keys()) {
            if (key.startsWith("tokenizer.")) {
                copy(source.metadata(), key, w);
            }
        }
        w.putString("general.architecture", "llama");
        w.putString("general.name", "random " + shape.name() + " " + type.name());
        w.putUInt32("llama.context_length", 4096);
        w.putUInt32("llama.embedding_length", shape.dim());
        w.putUInt32("llama.feed_forward_length", shape.ffn());
        w.putUInt32("llama.block_count", shape.layers());
        w.putUInt32("llama.attention.head_count", shape.heads());
        w.putUInt32("llama.attention.head_count_kv", shape.kvHeads());
        w.putUInt32("llama.attention.key_length", shape.dim() / shape.heads());
        w.putUInt32("llama.rope.dimension_count", shape.dim() / shape.heads());
        w.putFloat32("llama.rope.freq_base", 10000f);
        w.putString("llama.rope.scaling.type", "none");
        w.putFloat32("llama.attention.layer_norm_rms_epsilon", 1e-5f);
        int kvDim = shape.dim() / shape.heads() * shape.kvHeads();
        long seed = 42;
        matrix(w, "token_embd.weight", type, shape.dim(), vocab, seed++);
        for (int l = 0; l < shape.layers(); l++) {
            String p = "blk." + l + ".";
            norm(w, p + "attn_norm.weight", shape.dim());
            matrix(w, p + "attn_q.weight", type, shape.dim(), shape.dim(), seed++);
            matrix(w, p + "attn_k.weight", type, shape.dim(), kvDim, seed++);
            matrix(w, p + "attn_v.weight", type, shape.dim(), kvDim, seed++);
            matrix(w, p + "attn_output.weight", type, shape.dim(), shape.dim(), seed++);
            norm(w, p + "ffn_norm.weight", shape.dim());
            matrix(w, p + "ffn_gate.weight", type, shape.dim(), shape.ffn(), seed++);
            matrix(w, p + "ffn_up.weight", type, shape.dim(), shape.ffn(), seed++);
            matrix(w, p + "ffn_down.weight", type, shape.ffn(), shape.dim(), seed++);
        }
        norm(w, "output_norm.weight", shape.dim());
        matrix(w, "output.weight", type, shape.dim(), vocab, seed);
        w.write(out);
        return out;
    }

    /** Copies one tokenizer key with its type (the writer refuses duplicate keys, so no blanket putAll). */
    private static void copy(GgufMetadata m, String key, GgufWriter w) {
        GgufValueType type = m.type(key).orElseThrow();
        switch (type) {
            case STRING:
                w.putString(key, m.getString(key));
                break;
            case ARRAY:
                w.putArray(key, m.getArray(key));
                break;
            case BOOL:
                w.putBool(key, m.getBoolean(key));
                break;
            case FLOAT32:
                w.putFloat32(key, m.getFloat(key));
                break;
            case UINT32:
            case UINT8:
            case UINT16:
                w.putUInt32(key, m.getLong(key));
                break;
            case INT32:
            case INT8:
            case INT16:
                w.putInt32(key, m.getInt(key));
                break;
            default:
                w.putInt64(key, m.getLong(key));
        }
    }

    private static void norm(GgufWriter w, String name, int n) {
        float[] ones = new float[n];
        java.util.Arrays.fill(ones, 1f);
        w.addTensor(name, GgmlType.F32, new long[] {n}, Quantization.quantize("F32", ones));
    }

    /** A {@code rows x cols} matrix (ggml dims {@code [cols, rows]}) of N(0, 1/cols) weights, quantized per row. */
    private static void matrix(GgufWriter w, String name, GgmlType type, int cols, int rows, long seed) {
        float scale = (float) (1.0 / Math.sqrt(cols));
        w.addTensor(name, type, new long[] {cols, rows}, out -> {
            SplittableRandom rnd = new SplittableRandom(seed);
            float[] row = new float[cols];
            for (int r = 0; r < rows; r++) {
                for (int i = 0; i < cols; i++) {
                    row[i] = (float) (gaussian(rnd) * scale);
                }
                out.write(Quantization.quantize(type.name(), row));
            }
        });
    }

    private static double gaussian(SplittableRandom rnd) {
        // sum of uniforms: fast and Gaussian enough for benchmark weights
        double s = rnd.nextDouble() + rnd.nextDouble() + rnd.nextDouble() + rnd.nextDouble() - 2.0;
        return s * Math.sqrt(3.0);
    }
}
