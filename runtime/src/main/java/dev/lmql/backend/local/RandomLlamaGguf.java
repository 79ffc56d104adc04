package dev.lmql.backend.local;

import dev.lmql.backend.local.gguf.GgmlType;
import dev.lmql.backend.local.gguf.GgufMetadata;
import dev.lmql.backend.local.gguf.GgufWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes LLaMA-architecture GGUF files with random weights, of a chosen shape and tensor type, for benchmarks
 * of realistic size (the real test models are tiny). Weights are uniform in {@code ±1/sqrt(fan-in)} so activations
 * stay bounded; norm weights are 1. Tensors are generated and quantized a few rows at a time while the file is
 * written, so a 1B-parameter model needs little heap. The same shape, type and seed always give the same file.
 */
public final class RandomLlamaGguf {

    /**
     * A LLaMA model shape.
     *
     * @param name              {@code general.name}
     * @param vocabSize         number of tokens
     * @param embeddingLength   hidden size
     * @param feedForwardLength FFN hidden size (a multiple of 256 for K-quants)
     * @param blockCount        number of layers
     * @param headCount         attention heads
     * @param headCountKv       key/value heads (grouped-query attention when fewer than heads)
     * @param contextLength     {@code llama.context_length}
     */
    public record Shape(String name, int vocabSize, int embeddingLength, int feedForwardLength, int blockCount,
                        int headCount, int headCountKv, int contextLength) {
        /** Validates divisibility the architecture needs. */
        public Shape {
            if (embeddingLength % headCount != 0 || headCount % headCountKv != 0) {
                throw new IllegalArgumentException("embedding length " + embeddingLength + " must divide into "
                        + headCount + " heads, and heads into " + headCountKv + " KV heads");
            }
            if (vocabSize < 259) {
                throw new IllegalArgumentException("vocabulary of " + vocabSize + " is too small for the 259 base tokens");
            }
        }

        /** This shape with another feed-forward length. */
        public Shape withFeedForward(int length) {
            return new Shape(name, vocabSize, embeddingLength, length, blockCount, headCount, headCountKv, contextLength);
        }

        /** Head dimension. */
        public int headDim() {
            return embeddingLength / headCount;
        }

        /** Parameter count (embeddings and output head counted separately). */
        public long parameterCount() {
            long e = embeddingLength;
            long kv = (long) headCountKv * headDim();
            long perLayer = 2 * e * e + 2 * e * kv + 3 * e * feedForwardLength + 2 * e;
            return 2L * vocabSize * e + blockCount * perLayer + e;
        }
    }

    /** About 0.5B parameters: a Qwen2-0.5B-like width with a LLaMA-2 vocabulary. */
    public static final Shape LLAMA_0_5B = new Shape("random-llama-0.5b", 32000, 1024, 2816, 36, 16, 8, 4096);
    /** About 1.1B parameters: the TinyLlama-1.1B shape. */
    public static final Shape LLAMA_1_1B = new Shape("random-llama-1.1b", 32000, 2048, 5632, 22, 32, 4, 2048);

    private static final int ROWS_PER_CHUNK = 64;

    private RandomLlamaGguf() {
    }

    /**
     * Writes a random model with a synthetic SentencePiece-style vocabulary ({@code <unk>}, {@code <s>},
     * {@code </s>}, 256 byte tokens, {@code ▁}, printable ASCII, then pieces {@code ▁t<i>}).
     *
     * @param type one of {@link Quantization#SUPPORTED_TYPES} for the matrices (norms are always F32)
     */
    public static void write(Path file, Shape shape, String type, long seed) throws IOException {
        write(file, shape, type, seed, null);
    }

    /**
     * Writes a random model; with a {@code tokenizerSource}, its {@code tokenizer.*} keys are copied (its
     * vocabulary size must equal the shape's), else a synthetic vocabulary is written.
     */
    public static void write(Path file, Shape shape, String type, long seed, GgufMetadata tokenizerSource)
            throws IOException {
        if (!Quantization.SUPPORTED_TYPES.contains(type)) {
            throw new IllegalArgumentException("cannot write " + type + " weights; supported: " + Quantization.SUPPORTED_TYPES);
        }
        GgmlType ggmlType = GgmlType.valueOf(type);
        GgufWriter w = new GgufWriter()
                .putString("general.architecture", "llama")
                .putString("general.name", shape.name() + "-" + type)
                .putUInt32("llama.context_length", shape.contextLength())
                .putUInt32("llama.embedding_length", shape.embeddingLength())
                .putUInt32("llama.block_count", shape.blockCount())
                .putUInt32("llama.feed_forward_length", shape.feedForwardLength())
                .putUInt32("llama.rope.dimension_count", shape.headDim())
                .putUInt32("llama.attention.head_count", shape.headCount())
                .putUInt32("llama.attention.head_count_kv", shape.headCountKv())
                .putFloat32("llama.attention.layer_norm_rms_epsilon", 1e-5f)
                .putFloat32("llama.rope.freq_base", 10000f)
                .putUInt32("llama.vocab_size", shape.vocabSize());
        if (tokenizerSource != null) {
            copyTokenizer(w, tokenizerSource, shape.vocabSize());
        } else {
            syntheticTokenizer(w, shape.vocabSize());
        }
        int e = shape.embeddingLength();
        int kv = shape.headCountKv() * shape.headDim();
        int ff = shape.feedForwardLength();
        SplittableRandom seeds = new SplittableRandom(seed);
        matrix(w, "token_embd.weight", ggmlType, e, shape.vocabSize(), 1f, seeds.nextLong());
        for (int b = 0; b < shape.blockCount(); b++) {
            String p = "blk." + b + ".";
            norm(w, p + "attn_norm.weight", e);
            matrix(w, p + "attn_q.weight", ggmlType, e, e, 0, seeds.nextLong());
            matrix(w, p + "attn_k.weight", ggmlType, e, kv, 0, seeds.nextLong());
            matrix(w, p + "attn_v.weight", ggmlType, e, kv, 0, seeds.nextLong());
            matrix(w, p + "attn_output.weight", ggmlType, e, e, 0, seeds.nextLong());
            norm(w, p + "ffn_norm.weight", e);
            matrix(w, p + "ffn_gate.weight", ggmlType, e, ff, 0, seeds.nextLong());
            matrix(w, p + "ffn_up.weight", ggmlType, e, ff, 0, seeds.nextLong());
            matrix(w, p + "ffn_down.weight", ggmlType, ff, e, 0, seeds.nextLong());
        }
        norm(w, "output_norm.weight", e);
        matrix(w, "output.weight", ggmlType, e, shape.vocabSize(), 0, seeds.nextLong());
        w.write(file);
    }

    /** A {@code rows x cols} matrix stored as GGUF dims {@code [cols, rows]}; {@code bound 0} means 1/sqrt(cols). */
    private static void matrix(GgufWriter w, String name, GgmlType type, int cols, int rows, float bound, long seed) {
        if (cols % type.blockSize() != 0) {
            throw new IllegalArgumentException(name + ": row length " + cols + " is not a multiple of the "
                    + type + " block size " + type.blockSize());
        }
        float scale = bound > 0 ? bound : (float) (1 / Math.sqrt(cols));
        w.addTensor(name, type, new long[] {cols, rows}, out -> {
            SplittableRandom rnd = new SplittableRandom(seed);
            float[] chunk = new float[ROWS_PER_CHUNK * cols];
            for (int r = 0; r < rows; r += ROWS_PER_CHUNK) {
                int n = Math.min(ROWS_PER_CHUNK, rows - r) * cols;
                float[] values = n == chunk.length ? chunk : new float[n];
                for (int i = 0; i < n; i++) {
                    values[i] = (float) ((rnd.nextDouble() * 2 - 1) * scale);
                }
                out.write(Quantization.quantize(type.name(), values));
            }
        });
    }

    private static void norm(GgufWriter w, String name, int n) {
        float[] ones = new float[n];
        java.util.Arrays.fill(ones, 1f);
        w.addTensor(name, GgmlType.F32, new long[] {n}, Quantization.quantize("F32", ones));
    }

    private static void syntheticTokenizer(GgufWriter w, int vocabSize) {
        List<String> tokens = new ArrayList<>(vocabSize);
        float[] scores = new float[vocabSize];
        int[] types = new int[vocabSize];
        tokens.add("<unk>");
        tokens.add("<s>");
        tokens.add("</s>");
        types[0] = 2;
        types[1] = 3;
        types[2] = 3;
        for (int b = 0; b < 256; b++) {
            tokens.add(String.format("<0x%02X>", b));
            types[3 + b] = 6;
        }
        tokens.add("\u2581"); // the space mark and printable ASCII, so text encodes to pieces, not bytes
        for (char c = '!'; c <= '~' && tokens.size() < vocabSize; c++) {
            tokens.add(String.valueOf(c));
        }
        for (int i = 0; i < tokens.size(); i++) {
            types[i] = Math.max(types[i], 1);
        }
        for (int i = tokens.size(); i < vocabSize; i++) {
            tokens.add("\u2581t" + i);
            types[i] = 1;
            scores[i] = -i;
        }
        w.putString("tokenizer.ggml.model", "llama")
                .putStringArray("tokenizer.ggml.tokens", tokens)
                .putFloat32Array("tokenizer.ggml.scores", scores)
                .putInt32Array("tokenizer.ggml.token_type", types)
                .putUInt32("tokenizer.ggml.bos_token_id", 1)
                .putUInt32("tokenizer.ggml.eos_token_id", 2)
                .putUInt32("tokenizer.ggml.unknown_token_id", 0);
    }

    private static void copyTokenizer(GgufWriter w, GgufMetadata source, int vocabSize) {
        int n = source.getStringArray("tokenizer.ggml.tokens").size();
        if (n != vocabSize) {
            throw new IllegalArgumentException("the tokenizer source has " + n + " tokens but the shape needs " + vocabSize);
        }
        w.putAll(source, key -> key.startsWith("tokenizer."));
    }
}
