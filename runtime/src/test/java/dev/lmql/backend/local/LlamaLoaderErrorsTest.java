package dev.lmql.backend.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lmql.backend.local.RandomLlamaGguf.Llama3Rope;
import dev.lmql.backend.local.RandomLlamaGguf.Shape;
import dev.lmql.backend.local.RandomLlamaGguf.Variant;
import dev.lmql.backend.local.gguf.GgmlType;
import dev.lmql.backend.local.gguf.GgufFile;
import dev.lmql.backend.local.gguf.GgufTensorInfo;
import dev.lmql.backend.local.gguf.GgufWriter;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files whose metadata and tensors disagree, or that need what the engine lacks: refused with a clear message. */
class LlamaLoaderErrorsTest {
    private static final Shape SHAPE = new Shape("errors", 300, 64, 96, 2, 4, 2, 128);

    @TempDir
    Path tmp;

    @Test
    void missingQwen3HeadNormNamesFileTensorAndFix() throws Exception {
        Path file = tmp.resolve("no-qk-norm.gguf");
        Variant qwen3WithoutNorms = new Variant("qwen3", 0, false, false, false, false, "none", 1f, 0, null);
        RandomLlamaGguf.write(file, SHAPE, qwen3WithoutNorms, "F32", 1, null);
        assertThatThrownBy(() -> LlamaLoader.load(GgufFile.open(file)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no-qk-norm.gguf")
                .hasMessageContaining("tensor blk.0.attn_q_norm.weight is missing")
                .hasMessageContaining("qwen3")
                .hasMessageContaining("re-convert it with llama.cpp's convert_hf_to_gguf.py");
    }

    @Test
    void keyLengthThatDisagreesWithTheTensorsNamesTheTensorAndShapes() throws Exception {
        Path good = tmp.resolve("good.gguf");
        RandomLlamaGguf.write(good, SHAPE, Variant.QWEN3.withKeyLength(24), "F32", 1, null);
        Path bad = tmp.resolve("bad-key-length.gguf");
        copy(good, bad, Set.of("qwen3.attention.key_length", "qwen3.attention.value_length",
                "qwen3.rope.dimension_count"), w -> w.putUInt32("qwen3.attention.key_length", 16)
                .putUInt32("qwen3.attention.value_length", 16).putUInt32("qwen3.rope.dimension_count", 16), null);
        assertThatThrownBy(() -> LlamaLoader.load(GgufFile.open(bad)))
                .hasMessageContaining("bad-key-length.gguf")
                .hasMessageContaining("tensor blk.0.attn_q.weight has shape [64, 96], expected [64, 64]")
                .hasMessageContaining("head_dim=16")
                .hasMessageContaining("re-convert");
    }

    @Test
    void ropeFreqsOfTheWrongLengthIsAShapeError() throws Exception {
        Path good = tmp.resolve("llama3.gguf");
        RandomLlamaGguf.write(good, SHAPE, Variant.LLAMA.withLlama3Rope(Llama3Rope.LLAMA_3_1), "F32", 1, null);
        Path bad = tmp.resolve("bad-rope-freqs.gguf");
        copy(good, bad, Set.of("llama.rope.dimension_count"), w -> w.putUInt32("llama.rope.dimension_count", 8), null);
        assertThatThrownBy(() -> LlamaLoader.load(GgufFile.open(bad)))
                .hasMessageContaining("bad-rope-freqs.gguf")
                .hasMessageContaining("tensor rope_freqs.weight has shape [8], expected [4, 1]");
    }

    @Test
    void aTensorOutsideTheGraphIsRefusedNotIgnored() throws Exception {
        Path good = tmp.resolve("llama.gguf");
        RandomLlamaGguf.write(good, SHAPE, Variant.LLAMA, "F32", 1, null);
        Path extra = tmp.resolve("extra.gguf");
        copy(good, extra, Set.of(), w -> { }, "blk.0.attn_q_norm.weight");
        assertThatThrownBy(() -> LlamaLoader.load(GgufFile.open(extra)))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("extra.gguf")
                .hasMessageContaining("[blk.0.attn_q_norm.weight]")
                .hasMessageContaining("refused rather than run wrongly");
    }

    @Test
    void unsupportedArchitecturesScalingsAndExperts() throws Exception {
        Path good = tmp.resolve("llama.gguf");
        RandomLlamaGguf.write(good, SHAPE, Variant.LLAMA, "F32", 1, null);

        Path moe = tmp.resolve("moe.gguf");
        copy(good, moe, Set.of(), w -> w.putUInt32("llama.expert_count", 8), null);
        assertThatThrownBy(() -> LlamaLoader.load(GgufFile.open(moe)))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("mixture-of-experts").hasMessageContaining("llama.expert_count = 8");

        Path dynamic = tmp.resolve("dynamic.gguf");
        copy(good, dynamic, Set.of(), w -> w.putString("llama.rope.scaling.type", "dynamic"), null);
        assertThatThrownBy(() -> LlamaLoader.load(GgufFile.open(dynamic)))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("RoPE scaling type 'dynamic' is not supported");

        Path negative = tmp.resolve("negative.gguf");
        copy(good, negative, Set.of(), w -> w.putFloat32("llama.rope.scaling.factor", -2f), null);
        assertThatThrownBy(() -> LlamaLoader.load(GgufFile.open(negative)))
                .hasMessageContaining("llama.rope.scaling.factor must be positive, got -2.0");

        Path gemma2 = tmp.resolve("gemma2.gguf");
        RandomLlamaGguf.write(gemma2, SHAPE, Variant.GEMMA2, "F32", 1, null);
        Path negativeCap = tmp.resolve("negative-cap.gguf");
        copy(gemma2, negativeCap, Set.of("gemma2.attn_logit_softcapping"),
                w -> w.putFloat32("gemma2.attn_logit_softcapping", -50f), null);
        assertThatThrownBy(() -> LlamaLoader.load(GgufFile.open(negativeCap)))
                .hasMessageContaining("gemma2.attn_logit_softcapping must be positive (or 0 for none), got -50.0");
        Path noWindow = tmp.resolve("no-window.gguf");
        copy(gemma2, noWindow, Set.of("gemma2.attention.sliding_window"),
                w -> w.putUInt32("gemma2.attention.sliding_window", 0), null);
        assertThatThrownBy(() -> LlamaLoader.load(GgufFile.open(noWindow)))
                .hasMessageContaining("gemma2.attention.sliding_window must be positive, got 0");

        Path gemma = tmp.resolve("gemma3n.gguf");
        copy(good, gemma, Set.of("general.architecture"), w -> w.putString("general.architecture", "gemma3n"), null);
        assertThatThrownBy(() -> LlamaLoader.load(GgufFile.open(gemma)))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("architecture 'gemma3n' is not supported by the local engine (it needs per-layer"
                        + " embeddings and AltUp)")
                .hasMessageContaining("qwen3");
    }

    @Test
    void yarnMetadataReachesTheRopeConfig() throws Exception {
        Path file = tmp.resolve("yarn.gguf");
        RandomLlamaGguf.write(file, SHAPE, Variant.QWEN2.withRopeScaling("yarn", 4f, 4096), "F32", 1, null);
        RopeConfig rope = LlamaLoader.load(GgufFile.open(file)).config().rope();
        assertThat(rope.neox()).isTrue();
        assertThat(rope.freqScale()).isEqualTo(0.25f);
        assertThat(rope.extFactor()).isEqualTo(1f);
        assertThat(rope.originalContext()).isEqualTo(4096);
        assertThat(new Rope(rope, null).magnitude()).isCloseTo(1 + 0.1 * Math.log(4), org.assertj.core.data.Offset.offset(1e-6));
    }

    /**
     * Rewrites a GGUF file: metadata minus {@code dropKeys} plus what {@code extraKeys} adds, every tensor, and
     * optionally one extra F32 vector tensor (of the head length 16).
     */
    private static void copy(Path from, Path to, Set<String> dropKeys, Consumer<GgufWriter> extraKeys,
            String extraTensor) throws Exception {
        GgufFile src = GgufFile.open(from);
        GgufWriter w = new GgufWriter().putAll(src.metadata(), k -> !dropKeys.contains(k));
        extraKeys.accept(w);
        for (GgufTensorInfo t : src.tensors()) {
            ByteBuffer data = src.tensorData(t);
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            w.addTensor(t.name(), t.type(), t.dimensions(), bytes);
        }
        if (extraTensor != null) {
            w.addTensor(extraTensor, GgmlType.F32, new long[] {16}, new byte[16 * 4]);
        }
        w.write(to);
    }
}
