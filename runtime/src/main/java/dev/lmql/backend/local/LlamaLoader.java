package dev.lmql.backend.local;

import dev.lmql.backend.local.gguf.GgufFile;
import dev.lmql.backend.local.gguf.GgufMetadata;
import dev.lmql.backend.local.gguf.GgufTensorInfo;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.Set;

/** Reads a LLaMA-family model's configuration and tensors out of a GGUF file (weights stay memory-mapped). */
final class LlamaLoader {
    /** Architectures whose graph is LLaMA's: RMSNorm, RoPE, GQA, SwiGLU (optional QKV bias). */
    static final Set<String> NORMAL_ROPE = Set.of("llama", "mistral");
    static final Set<String> NEOX_ROPE = Set.of("qwen2");

    private LlamaLoader() {
    }

    static LlamaWeights load(GgufFile file) {
        LlamaConfig config = config(file);
        WeightMatrix embedding = matrix(file, "token_embd.weight", config.dim(), -1);
        LayerWeights[] layers = new LayerWeights[config.layers()];
        for (int l = 0; l < layers.length; l++) {
            String p = "blk." + l + ".";
            layers[l] = new LayerWeights(
                    vector(file, p + "attn_norm.weight", config.dim()),
                    matrix(file, p + "attn_q.weight", config.dim(), config.qDim()),
                    matrix(file, p + "attn_k.weight", config.dim(), config.kvDim()),
                    matrix(file, p + "attn_v.weight", config.dim(), config.kvDim()),
                    matrix(file, p + "attn_output.weight", config.qDim(), config.dim()),
                    optionalVector(file, p + "attn_q.bias", config.qDim()),
                    optionalVector(file, p + "attn_k.bias", config.kvDim()),
                    optionalVector(file, p + "attn_v.bias", config.kvDim()),
                    vector(file, p + "ffn_norm.weight", config.dim()),
                    matrix(file, p + "ffn_gate.weight", config.dim(), config.ffnDim()),
                    matrix(file, p + "ffn_up.weight", config.dim(), config.ffnDim()),
                    matrix(file, p + "ffn_down.weight", config.ffnDim(), config.dim()));
        }
        float[] outputNorm = vector(file, "output_norm.weight", config.dim());
        WeightMatrix output = file.findTensor("output.weight").isPresent()
                ? matrix(file, "output.weight", config.dim(), config.vocabSize())
                : embedding; // tied head
        return new LlamaWeights(config, embedding, layers, outputNorm, output);
    }

    static LlamaConfig config(GgufFile file) {
        GgufMetadata m = file.metadata();
        String arch = m.getString("general.architecture");
        boolean neox;
        if (NORMAL_ROPE.contains(arch)) {
            neox = false;
        } else if (NEOX_ROPE.contains(arch)) {
            neox = true;
        } else {
            throw new UnsupportedOperationException(file.path() + ": architecture '" + arch
                    + "' is not supported by the local engine; supported: llama-family models with architecture "
                    + NORMAL_ROPE + " or " + NEOX_ROPE + " (LLaMA 2/3, Mistral, TinyLlama, SmolLM, Qwen2)");
        }
        int dim = m.getInt(arch + ".embedding_length");
        int heads = m.getInt(arch + ".attention.head_count");
        int kvHeads = m.getInt(arch + ".attention.head_count_kv", heads);
        int headDim = m.getInt(arch + ".attention.key_length", dim / heads);
        GgufTensorInfo embd = file.tensor("token_embd.weight");
        int vocab = Math.toIntExact(embd.dimension(1));
        float scale = 1f;
        String scalingType = m.getString(arch + ".rope.scaling.type", "none");
        if (scalingType.equals("linear")) {
            scale = m.getFloat(arch + ".rope.scaling.factor", 1f);
        } else if (m.contains(arch + ".rope.scale_linear")) {
            scale = m.getFloat(arch + ".rope.scale_linear");
        } else if (!scalingType.equals("none")) {
            throw new UnsupportedOperationException(file.path() + ": RoPE scaling type '" + scalingType
                    + "' is not supported by the local engine (supported: none, linear)");
        }
        if (!(scale > 0)) {
            throw new IllegalArgumentException(file.path() + ": rope.scaling.factor must be positive, got " + scale);
        }
        return new LlamaConfig(arch, dim, m.getInt(arch + ".feed_forward_length"), m.getInt(arch + ".block_count"),
                heads, kvHeads, headDim, vocab, m.getInt(arch + ".context_length", 2048),
                m.getInt(arch + ".rope.dimension_count", headDim), m.getFloat(arch + ".rope.freq_base", 10000f),
                1f / scale, neox, m.getFloat(arch + ".attention.layer_norm_rms_epsilon", 1e-5f));
    }

    /** A 2-D tensor {@code [cols, rows]} in ggml order; {@code rows < 0} accepts any row count. */
    private static WeightMatrix matrix(GgufFile file, String name, int cols, int rows) {
        GgufTensorInfo t = file.tensor(name);
        long c = t.dimension(0);
        long r = t.dimensionCount() > 1 ? t.dimension(1) : 1;
        if (c != cols || (rows >= 0 && r != rows) || t.dimensionCount() > 2) {
            throw new IllegalArgumentException(file.path() + ": tensor " + name + " has shape "
                    + java.util.Arrays.toString(t.dimensions()) + ", expected [" + cols + ", "
                    + (rows >= 0 ? rows : "n") + "] for this model's configuration");
        }
        ByteBuffer data = file.tensorData(t);
        return WeightMatrices.create(t.type().name(), data, Math.toIntExact(r), cols, name);
    }

    private static float[] vector(GgufFile file, String name, int length) {
        WeightMatrix m = matrix(file, name, length, 1);
        float[] out = new float[length];
        m.dequantizeRow(0, out, 0);
        return out;
    }

    private static float[] optionalVector(GgufFile file, String name, int length) {
        Optional<GgufTensorInfo> t = file.findTensor(name);
        return t.isPresent() ? vector(file, name, length) : null;
    }
}
