package dev.lmql.backend.local;

import dev.lmql.backend.local.gguf.GgufFile;
import dev.lmql.backend.local.gguf.GgufMetadata;
import dev.lmql.backend.local.gguf.GgufTensorInfo;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads a LLaMA-family model's configuration and tensors out of a GGUF file (weights stay memory-mapped). Every
 * tensor of the file must be used: a tensor the engine does not know means a graph feature it would silently skip,
 * so such files are refused (llama.cpp refuses them too).
 */
final class LlamaLoader {
    /** Width of the query/key RMSNorm before RoPE. */
    private enum QkNorm { NONE, PER_HEAD, FULL_WIDTH }

    /**
     * Which tensors an architecture has beyond (or instead of) LLaMA's: q/k norms, pre-norms (absent in OLMo 2),
     * post-attention/post-FFN norms, Phi-3's fused gate+up {@code ffn_up}. Scalar differences live in
     * {@link GraphTraits}.
     */
    private record Family(boolean neoxRope, QkNorm qkNorm, boolean preNorms, boolean postNorms, boolean phi3Fused) {
        static Family llama(boolean neoxRope) {
            return new Family(neoxRope, QkNorm.NONE, true, false, false);
        }
    }

    private static final Map<String, Family> FAMILIES = new TreeMap<>(Map.ofEntries(
            Map.entry("llama", Family.llama(false)),
            Map.entry("mistral", Family.llama(false)),
            Map.entry("smollm3", Family.llama(false)),
            Map.entry("granite", Family.llama(false)),
            Map.entry("exaone", Family.llama(true)),
            Map.entry("qwen2", Family.llama(true)),
            Map.entry("qwen3", new Family(true, QkNorm.PER_HEAD, true, false, false)),
            Map.entry("phi3", new Family(true, QkNorm.NONE, true, false, true)),
            Map.entry("gemma", Family.llama(true)),
            Map.entry("gemma2", new Family(true, QkNorm.NONE, true, true, false)),
            Map.entry("gemma3", new Family(true, QkNorm.PER_HEAD, true, true, false)),
            Map.entry("olmo2", new Family(true, QkNorm.FULL_WIDTH, false, true, false))));

    /** Why well-known relatives are refused: what their graph needs that the engine lacks. */
    private static final Map<String, String> MISSING = Map.of(
            "gemma3n", "per-layer embeddings and AltUp",
            "qwen2moe", "mixture-of-experts feed-forward layers",
            "qwen3moe", "mixture-of-experts feed-forward layers",
            "llama4", "mixture-of-experts layers and chunked attention",
            "phimoe", "mixture-of-experts feed-forward layers");

    /** Architectures the engine runs (values of {@code general.architecture}). */
    static final Set<String> SUPPORTED = FAMILIES.keySet();

    private static final String RECONVERT = "the file's metadata and tensors disagree: it is damaged or was written"
            + " by a broken converter; download it again or re-convert it with llama.cpp's convert_hf_to_gguf.py";

    private final GgufFile file;
    private final LlamaConfig config;
    private final Set<String> used = new HashSet<>();

    private LlamaLoader(GgufFile file) {
        this.file = file;
        this.config = config(file);
    }

    static LlamaWeights load(GgufFile file) {
        return new LlamaLoader(file).weights();
    }

    private LlamaWeights weights() {
        Family family = FAMILIES.get(config.architecture());
        int dim = config.dim();
        int hd = config.headDim();
        WeightMatrix embedding = matrix("token_embd.weight", dim, -1);
        LayerWeights[] layers = new LayerWeights[config.layers()];
        for (int l = 0; l < layers.length; l++) {
            String p = "blk." + l + ".";
            // llama.cpp takes a fused attn_qkv (and attn_qkv.bias) in place of the three for any architecture
            boolean fused = file.findTensor(p + "attn_qkv.weight").isPresent();
            WeightMatrix[] qkv = fused
                    ? split(p + "attn_qkv.weight", dim, config.qDim(), config.kvDim(), config.kvDim())
                    : new WeightMatrix[] {matrix(p + "attn_q.weight", dim, config.qDim()),
                        matrix(p + "attn_k.weight", dim, config.kvDim()),
                        matrix(p + "attn_v.weight", dim, config.kvDim())};
            float[][] bias = fused ? splitBias(p + "attn_qkv.bias") : new float[][] {
                optionalVector(p + "attn_q.bias", config.qDim()),
                optionalVector(p + "attn_k.bias", config.kvDim()),
                optionalVector(p + "attn_v.bias", config.kvDim())};
            WeightMatrix[] gateUp = family.phi3Fused()
                    ? split(p + "ffn_up.weight", dim, config.ffnDim(), config.ffnDim())
                    : new WeightMatrix[] {matrix(p + "ffn_gate.weight", dim, config.ffnDim()),
                        matrix(p + "ffn_up.weight", dim, config.ffnDim())};
            int qNormLength = family.qkNorm() == QkNorm.FULL_WIDTH ? config.qDim() : hd;
            int kNormLength = family.qkNorm() == QkNorm.FULL_WIDTH ? config.kvDim() : hd;
            boolean qk = family.qkNorm() != QkNorm.NONE;
            layers[l] = new LayerWeights(
                    family.preNorms() ? vector(p + "attn_norm.weight", dim) : null,
                    qkv[0], qkv[1], qkv[2],
                    matrix(p + "attn_output.weight", config.qDim(), dim),
                    bias[0], bias[1], bias[2],
                    qk ? vector(p + "attn_q_norm.weight", qNormLength) : null,
                    qk ? vector(p + "attn_k_norm.weight", kNormLength) : null,
                    family.postNorms() ? vector(p + "attn_post_norm.weight", dim) : null,
                    family.preNorms() ? vector(p + "ffn_norm.weight", dim) : null,
                    gateUp[0], gateUp[1],
                    matrix(p + "ffn_down.weight", config.ffnDim(), dim),
                    family.postNorms() ? vector(p + "ffn_post_norm.weight", dim) : null);
        }
        float[] outputNorm = vector("output_norm.weight", dim);
        WeightMatrix output = file.findTensor("output.weight").isPresent()
                ? matrix("output.weight", dim, config.vocabSize())
                : embedding; // tied head
        int pairs = config.rope().dims() / 2;
        float[] ropeFreqs = optionalVector("rope_freqs.weight", pairs);
        float[] shortFactors = optionalVector("rope_factors_short.weight", pairs);
        float[] longFactors = optionalVector("rope_factors_long.weight", pairs);
        rejectUnusedTensors();
        return new LlamaWeights(config, embedding, layers, outputNorm, output, ropeFreqs, shortFactors, longFactors);
    }

    static LlamaConfig config(GgufFile file) {
        GgufMetadata m = file.metadata();
        String arch = m.getString("general.architecture");
        Family family = FAMILIES.get(arch);
        if (family == null) {
            String missing = MISSING.containsKey(arch) ? " (it needs " + MISSING.get(arch) + ")" : "";
            throw new UnsupportedOperationException(file.path() + ": architecture '" + arch
                    + "' is not supported by the local engine" + missing + "; supported: " + SUPPORTED
                    + " (LLaMA 1/2/3, Mistral, TinyLlama, SmolLM 1/2/3, Qwen2/2.5, Qwen3 dense, Phi-3/3.5/4-mini,"
                    + " Gemma, Gemma 2, Gemma 3, Granite 3 dense, EXAONE 3, OLMo 2)");
        }
        if (m.getInt(arch + ".expert_count", 0) > 0) {
            throw new UnsupportedOperationException(file.path() + ": this is a mixture-of-experts model ("
                    + arch + ".expert_count = " + m.getInt(arch + ".expert_count")
                    + ", e.g. Mixtral); the local engine runs dense models only — use a dense model, or serve this"
                    + " one with llama.cpp's llama-server and the model id openai/<model>@<base-url>");
        }
        int dim = m.getInt(arch + ".embedding_length");
        int heads = m.getInt(arch + ".attention.head_count");
        int kvHeads = m.getInt(arch + ".attention.head_count_kv", heads);
        int headDim = m.getInt(arch + ".attention.key_length", dim / heads);
        int valueDim = m.getInt(arch + ".attention.value_length", dim / heads);
        if (valueDim != headDim) {
            throw new UnsupportedOperationException(file.path() + ": " + arch + ".attention.value_length " + valueDim
                    + " differs from key_length " + headDim + "; the local engine needs equal key and value heads");
        }
        GgufTensorInfo embd = file.tensor("token_embd.weight");
        int vocab = Math.toIntExact(embd.dimension(1));
        int contextLength = m.getInt(arch + ".context_length", 2048);
        RopeConfig rope = rope(file, arch, m.getInt(arch + ".rope.dimension_count", headDim), family.neoxRope(),
                contextLength);
        int layers = m.getInt(arch + ".block_count");
        GraphTraits traits = traits(file, arch, dim, heads, layers, rope);
        try {
            return new LlamaConfig(arch, dim, m.getInt(arch + ".feed_forward_length"), layers, heads, kvHeads,
                    headDim, vocab, contextLength, rope, m.getFloat(arch + ".attention.layer_norm_rms_epsilon", 1e-5f),
                    traits);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file.path() + ": " + e.getMessage(), e);
        }
    }

    /**
     * RoPE parameters as llama.cpp derives them: the scaling type defaults to linear, a factor of 0 or none means
     * no scaling, YaRN mixes interpolation and extrapolation ({@code ext_factor} 1) and scales cos/sin by
     * {@code attn_factor * (1 + 0.1 ln factor)} (divided by the same form with {@code yarn_log_multiplier} when set).
     */
    static RopeConfig rope(GgufFile file, String arch, int dims, boolean neox, int contextLength) {
        GgufMetadata m = file.metadata();
        String k = arch + ".rope.";
        String type = m.getString(k + "scaling.type", "linear");
        float factor = m.contains(k + "scaling.factor") ? m.getFloat(k + "scaling.factor")
                : m.getFloat(k + "scale_linear", 0f);
        if (factor < 0 || !Float.isFinite(factor)) {
            throw new IllegalArgumentException(file.path() + ": " + k + "scaling.factor must be positive, got "
                    + factor + " (fix the metadata, e.g. with gguf-py's gguf_set_metadata.py)");
        }
        float freqScale = factor == 0 ? 1f : 1f / factor;
        float ext;
        switch (type) {
            case "none":
                freqScale = 1f;
                ext = 0f;
                break;
            case "linear":
            case "longrope": // Phi-3: its factors are tensors; llama.cpp scales like linear
                ext = 0f;
                break;
            case "yarn":
                ext = 1f;
                break;
            default:
                throw new UnsupportedOperationException(file.path() + ": RoPE scaling type '" + type
                        + "' is not supported by the local engine (supported: none, linear, yarn, longrope, and"
                        + " LLaMA 3 frequency factors in rope_freqs.weight)");
        }
        ext = m.getFloat(k + "scaling.yarn_ext_factor", ext);
        float attn = m.getFloat(k + "scaling.attn_factor", 1f);
        double kernelAttn;
        if (ext != 0) {
            double f = 1.0 / freqScale;
            double logMul = m.getFloat(k + "scaling.yarn_log_multiplier", 0f);
            double a = logMul != 0 ? yarnMscale(f, 1) / yarnMscale(f, logMul) : yarnMscale(f, 1);
            // the rope kernel multiplies by 1 + 0.1 ln(factor) itself; llama.cpp cancels it here
            kernelAttn = a / (1 + 0.1 * Math.log(f)) * attn;
        } else {
            kernelAttn = m.getFloat(k + "scaling.yarn_attn_factor", 1f) * attn;
        }
        try {
            return new RopeConfig(dims, neox, m.getFloat(k + "freq_base", 10000f), freqScale, ext,
                    (float) kernelAttn, m.getFloat(k + "scaling.yarn_beta_fast", 32f),
                    m.getFloat(k + "scaling.yarn_beta_slow", 1f),
                    m.getInt(k + "scaling.original_context_length", contextLength));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file.path() + ": " + e.getMessage(), e);
        }
    }

    /** The scalar graph differences of each architecture, with llama.cpp's constants and keys. */
    private static GraphTraits traits(GgufFile file, String arch, int dim, int heads, int layers, RopeConfig rope) {
        GgufMetadata m = file.metadata();
        switch (arch) {
            case "smollm3":
                // llama.cpp hard-codes it: every 4th layer is a NoPE layer
                return new GraphTraits(1f, false, 0f, 1f, 1f, 0f, 0f, 0, 0, null, 4);
            case "gemma":
                return new GraphTraits((float) Math.sqrt(dim), true, 0f, 1f, 1f, 0f, 0f, 0, 0, null, 0);
            case "granite": {
                // llama.cpp: each scale only when set (non-zero); logit_scale is required; rope.scaling.finetuned
                // = false switches RoPE off in every layer
                float embedding = m.getFloat(arch + ".embedding_scale", 0f);
                float residual = m.getFloat(arch + ".residual_scale", 0f);
                float logit = m.getFloat(arch + ".logit_scale");
                if (!(logit > 0)) {
                    throw new IllegalArgumentException(file.path() + ": " + arch + ".logit_scale must be positive, got "
                            + logit + " (re-convert the model with llama.cpp)");
                }
                boolean rotates = m.getBoolean(arch + ".rope.scaling.finetuned", true);
                float attention = m.getFloat(arch + ".attention.scale", 0f);
                return new GraphTraits(embedding == 0 ? 1f : embedding, false, attention,
                        residual == 0 ? 1f : residual, 1f / logit, 0f, 0f, 0, 0, null, rotates ? 0 : 1);
            }
            case "gemma2": {
                // llama.cpp: a window of 4096 unless set, on every other layer (0, 2, 4, …); both soft-cappings
                // always on, 50 and 30 unless set; queries scaled like Gemma 3's; one RoPE for all layers
                int window = positiveWindow(file, arch, 4096);
                float attentionScale = layers == 46 ? (float) (1 / Math.sqrt((double) (dim / heads))) : 0f;
                return new GraphTraits((float) Math.sqrt(dim), true, attentionScale, 1f, 1f,
                        softcap(file, arch + ".final_logit_softcapping", 30f),
                        softcap(file, arch + ".attn_logit_softcapping", 50f), window, 2, null, 0);
            }
            case "gemma3": {
                int window = positiveWindow(file, arch, -1);
                // local layers: base 10000 unscaled (llama.cpp's rope_freq_base_train_swa), the rest as global
                RopeConfig local = new RopeConfig(rope.dims(), rope.neox(), m.getFloat(arch + ".rope.freq_base_swa",
                        10000f), 1f, rope.extFactor(), rope.attnFactor(), rope.betaFast(), rope.betaSlow(),
                        rope.originalContext());
                // the 27B model (62 blocks) scales queries by 1/sqrt(embedding / heads), the others by the head length
                float attentionScale = layers == 62 ? (float) (1 / Math.sqrt((double) (dim / heads))) : 0f;
                return new GraphTraits((float) Math.sqrt(dim), true, attentionScale, 1f, 1f,
                        softcap(file, arch + ".final_logit_softcapping", 0f), 0f, window, 6, local, 0);
            }
            case "olmo2": {
                int window = m.getInt(arch + ".attention.sliding_window", 0);
                if (window <= 0) {
                    return GraphTraits.LLAMA;
                }
                // OLMo 3: sliding-window layers (all but every 4th by default) rotate unscaled at freq_base_swa
                int period = m.getInt(arch + ".attention.sliding_window_pattern", 4);
                RopeConfig local = new RopeConfig(rope.dims(), rope.neox(), m.getFloat(arch + ".rope.freq_base_swa",
                        rope.base()), 1f, 0f, 1f, rope.betaFast(), rope.betaSlow(), rope.originalContext());
                return new GraphTraits(1f, false, 0f, 1f, 1f, 0f, 0f, window, period, local, 0);
            }
            default:
                return GraphTraits.LLAMA;
        }
    }

    /** {@code <arch>.attention.sliding_window}, required when {@code fallback} is negative. */
    private static int positiveWindow(GgufFile file, String arch, int fallback) {
        String key = arch + ".attention.sliding_window";
        int window = fallback < 0 ? file.metadata().getInt(key) : file.metadata().getInt(key, fallback);
        if (window <= 0) {
            throw new IllegalArgumentException(file.path() + ": " + key + " must be positive, got " + window
                    + " (re-convert the model with llama.cpp)");
        }
        return window;
    }

    /** A soft-capping value: positive, or 0 for none. */
    private static float softcap(GgufFile file, String key, float fallback) {
        float cap = file.metadata().getFloat(key, fallback);
        if (!(cap >= 0) || Float.isInfinite(cap)) {
            throw new IllegalArgumentException(file.path() + ": " + key + " must be positive (or 0 for none), got "
                    + cap + " (re-convert the model with llama.cpp)");
        }
        return cap;
    }

    /** YaRN's attention magnitude for a scaling factor (1 when not extending). */
    private static double yarnMscale(double factor, double mscale) {
        return factor <= 1 ? 1 : 0.1 * mscale * Math.log(factor) + 1;
    }

    private GgufTensorInfo tensor(String name) {
        GgufTensorInfo t = file.findTensor(name).orElseThrow(() -> new IllegalArgumentException(file.path()
                + ": tensor " + name + " is missing; architecture " + config.architecture() + " with "
                + config.layers() + " blocks needs it — " + RECONVERT));
        used.add(name);
        return t;
    }

    /** A 2-D tensor {@code [cols, rows]} in ggml order; {@code rows < 0} accepts any row count. */
    private WeightMatrix matrix(String name, int cols, int rows) {
        GgufTensorInfo t = tensor(name);
        long c = t.dimension(0);
        long r = t.dimensionCount() > 1 ? t.dimension(1) : 1;
        if (c != cols || (rows >= 0 && r != rows) || t.dimensionCount() > 2) {
            throw new IllegalArgumentException(file.path() + ": tensor " + name + " has shape "
                    + Arrays.toString(t.dimensions()) + ", expected [" + cols + ", " + (rows >= 0 ? rows : "n")
                    + "] for this model's configuration (" + shape() + "); " + RECONVERT);
        }
        ByteBuffer data = file.tensorData(t);
        return WeightMatrices.create(t.type().name(), data, Math.toIntExact(r), cols, name);
    }

    /** Row blocks of a fused {@code [cols, sum(rows)]} tensor as separate matrices over the same mapped bytes. */
    private WeightMatrix[] split(String name, int cols, int... rows) {
        GgufTensorInfo t = tensor(name);
        int total = Arrays.stream(rows).sum();
        if (t.dimensionCount() != 2 || t.dimension(0) != cols || t.dimension(1) != total) {
            throw new IllegalArgumentException(file.path() + ": tensor " + name + " has shape "
                    + Arrays.toString(t.dimensions()) + ", expected [" + cols + ", " + total + "] (fused "
                    + Arrays.toString(rows) + ") for this model's configuration (" + shape() + "); " + RECONVERT);
        }
        long rowBytes = t.byteSize() / total;
        ByteBuffer data = file.tensorData(t);
        WeightMatrix[] parts = new WeightMatrix[rows.length];
        long firstRow = 0;
        for (int i = 0; i < rows.length; i++) {
            ByteBuffer part = data.duplicate();
            part.position(Math.toIntExact(firstRow * rowBytes));
            part.limit(Math.toIntExact((firstRow + rows[i]) * rowBytes));
            parts[i] = WeightMatrices.create(t.type().name(), part.slice(), rows[i], cols, name + "[" + i + "]");
            firstRow += rows[i];
        }
        return parts;
    }

    /** A fused QKV bias cut into the q, k and v parts, or three nulls when the file has none. */
    private float[][] splitBias(String name) {
        float[] all = optionalVector(name, config.qDim() + 2 * config.kvDim());
        if (all == null) {
            return new float[3][];
        }
        int q = config.qDim();
        int kv = config.kvDim();
        return new float[][] {Arrays.copyOfRange(all, 0, q), Arrays.copyOfRange(all, q, q + kv),
            Arrays.copyOfRange(all, q + kv, q + 2 * kv)};
    }

    private float[] vector(String name, int length) {
        WeightMatrix m = matrix(name, length, 1);
        float[] out = new float[length];
        m.dequantizeRow(0, out, 0);
        return out;
    }

    private float[] optionalVector(String name, int length) {
        return file.findTensor(name).isPresent() ? vector(name, length) : null;
    }

    private void rejectUnusedTensors() {
        List<String> unknown = new ArrayList<>();
        for (GgufTensorInfo t : file.tensors()) {
            if (!used.contains(t.name())) {
                unknown.add(t.name());
            }
        }
        if (!unknown.isEmpty()) {
            throw new UnsupportedOperationException(file.path() + ": " + unknown.size() + " tensor(s) of this "
                    + config.architecture() + " model are not part of the graph the local engine runs, e.g. "
                    + unknown.subList(0, Math.min(3, unknown.size())) + "; the model needs a feature the engine"
                    + " lacks, so it is refused rather than run wrongly");
        }
    }

    private String shape() {
        return config.architecture() + ": embedding_length=" + config.dim() + ", feed_forward_length="
                + config.ffnDim() + ", head_count=" + config.heads() + ", head_count_kv=" + config.kvHeads()
                + ", head_dim=" + config.headDim() + ", vocab=" + config.vocabSize();
    }
}
