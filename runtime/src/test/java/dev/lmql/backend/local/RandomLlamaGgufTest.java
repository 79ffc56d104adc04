package dev.lmql.backend.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lmql.backend.local.gguf.GgmlType;
import dev.lmql.backend.local.gguf.GgufFile;
import dev.lmql.backend.local.gguf.GgufTensorInfo;
import dev.lmql.testing.SharedModels;
import dev.lmql.tokenizer.Tokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RandomLlamaGgufTest {
    private static final RandomLlamaGguf.Shape TINY = new RandomLlamaGguf.Shape("tiny", 300, 256, 512, 2, 4, 2, 128);

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"F32", "F16", "BF16", "Q8_0", "Q4_0", "Q4_K", "Q6_K"})
    void writesALoadableLlamaModelOfEachType(String type) throws IOException {
        Path p = tmp.resolve("tiny-" + type + ".gguf");
        RandomLlamaGguf.write(p, TINY, type, 42);
        GgufFile f = GgufFile.open(p);
        assertThat(f.metadata().getString("general.architecture")).isEqualTo("llama");
        assertThat(f.metadata().getInt("llama.block_count")).isEqualTo(2);
        assertThat(f.metadata().getInt("llama.attention.head_count_kv")).isEqualTo(2);
        assertThat(f.metadata().getInt("llama.rope.dimension_count")).isEqualTo(64);
        assertThat(f.tensors()).hasSize(3 + 2 * 9);
        GgufTensorInfo k = f.tensor("blk.1.attn_k.weight");
        assertThat(k.dimensions()).containsExactly(256, 128);
        assertThat(k.type()).isEqualTo(GgmlType.valueOf(type));
        assertThat(f.tensor("blk.0.ffn_down.weight").dimensions()).containsExactly(512, 256);
        assertThat(f.tensor("output_norm.weight").type()).isEqualTo(GgmlType.F32);

        // the weights decode to the promised range, 1/sqrt(fan-in), up to quantization error
        WeightMatrix down = WeightMatrices.create(type, f.tensorData("blk.0.ffn_down.weight"), 256, 512, "down");
        float[] row = new float[512];
        down.dequantizeRow(255, row, 0);
        float bound = (float) (1 / Math.sqrt(512));
        double sumSq = 0;
        for (float v : row) {
            assertThat(Math.abs(v)).isLessThanOrEqualTo(bound * 1.1f);
            sumSq += v * v;
        }
        assertThat(Math.sqrt(sumSq / row.length)).isGreaterThan(bound / 4); // random, not zeros

        Tokenizer t = GgufTokenizers.fromGguf(f);
        assertThat(t.vocabSize()).isEqualTo(300);
        assertThat(t.decode(t.encode("héllo"))).isEqualTo(" héllo");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Q8_0", "Q4_K"})
    void theLocalEngineRunsTheGeneratedModel(String type) throws IOException {
        Path p = tmp.resolve("run-" + type + ".gguf");
        RandomLlamaGguf.write(p, TINY, type, 3);
        try (LocalModel model = LocalModel.open("local:" + p.getFileName(), p, LocalModelOptions.defaults())) {
            float[] logprobs = model.nextLogprobs(new int[] {1, 300 - 1, 260});
            assertThat(logprobs).hasSize(300);
            double total = 0;
            for (float lp : logprobs) {
                assertThat(Float.isFinite(lp)).isTrue();
                total += Math.exp(lp);
            }
            assertThat(total).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3));
        }
    }

    @Test
    void sameSeedSameFileAndCopiedTokenizer() throws IOException {
        Path a = tmp.resolve("a.gguf");
        Path b = tmp.resolve("b.gguf");
        RandomLlamaGguf.write(a, TINY, "Q8_0", 7);
        RandomLlamaGguf.write(b, TINY, "Q8_0", 7);
        assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
        RandomLlamaGguf.write(b, TINY, "Q8_0", 8);
        assertThat(Files.readAllBytes(a)).isNotEqualTo(Files.readAllBytes(b));

        GgufFile spm = GgufFile.open(SharedModels.file("vocab/ggml-vocab-llama-spm.gguf"));
        RandomLlamaGguf.Shape withLlamaVocab = new RandomLlamaGguf.Shape("v", 32000, 64, 256, 1, 2, 2, 64);
        Path c = tmp.resolve("c.gguf");
        RandomLlamaGguf.write(c, withLlamaVocab, "Q8_0", 1, spm.metadata());
        assertThat(GgufTokenizers.fromGguf(GgufFile.open(c)).encode("Hello world")).containsExactly(15043, 3186);
    }

    @Test
    void writesTheTensorsOfEachFamilyMember() throws IOException {
        Path phi3 = tmp.resolve("phi3.gguf");
        RandomLlamaGguf.write(phi3, TINY, RandomLlamaGguf.Variant.PHI3.withRopeScaling("longrope", 1f, 64), "Q8_0", 1,
                null);
        GgufFile f = GgufFile.open(phi3);
        assertThat(f.tensor("blk.0.attn_qkv.weight").dimensions()).containsExactly(256, 256 + 2 * 128);
        assertThat(f.tensor("blk.1.ffn_up.weight").dimensions()).containsExactly(256, 2 * 512);
        assertThat(f.findTensor("blk.0.ffn_gate.weight")).isEmpty();
        assertThat(f.tensor("rope_factors_long.weight").dimensions()).containsExactly(32);
        assertThat(f.metadata().getFloat("phi3.rope.scaling.attn_factor"))
                .isEqualTo((float) Math.sqrt(1 + Math.log(2) / Math.log(64)));

        Path gemma3 = tmp.resolve("gemma3.gguf");
        RandomLlamaGguf.write(gemma3, TINY, RandomLlamaGguf.Variant.GEMMA3.withKeyLength(32), "F16", 1, null);
        f = GgufFile.open(gemma3);
        assertThat(f.findTensor("output.weight")).isEmpty();
        assertThat(f.tensor("blk.1.attn_q_norm.weight").dimensions()).containsExactly(32);
        assertThat(f.tensor("blk.1.ffn_post_norm.weight").dimensions()).containsExactly(256);
        assertThat(f.tensor("blk.0.attn_q.weight").dimensions()).containsExactly(256, 4 * 32);
        assertThat(f.metadata().getInt("gemma3.attention.sliding_window")).isEqualTo(64);
        assertThat(f.metadata().getInt("gemma3.attention.key_length")).isEqualTo(32);
        assertThat(f.metadata().contains("gemma3.final_logit_softcapping")).isFalse();

        Path gemma2 = tmp.resolve("gemma2.gguf");
        RandomLlamaGguf.write(gemma2, TINY, RandomLlamaGguf.Variant.GEMMA2, "Q8_0", 1, null);
        f = GgufFile.open(gemma2);
        assertThat(f.findTensor("output.weight")).isEmpty();
        assertThat(f.findTensor("blk.0.attn_q_norm.weight")).isEmpty();
        assertThat(f.tensor("blk.1.attn_post_norm.weight").dimensions()).containsExactly(256);
        assertThat(f.tensor("blk.1.ffn_post_norm.weight").dimensions()).containsExactly(256);
        assertThat(f.metadata().getInt("gemma2.attention.sliding_window")).isEqualTo(64);
        // the converter always writes both soft-cappings; Gemma 2's published values unless the variant sets others
        assertThat(f.metadata().getFloat("gemma2.attn_logit_softcapping")).isEqualTo(50f);
        assertThat(f.metadata().getFloat("gemma2.final_logit_softcapping")).isEqualTo(30f);
        RandomLlamaGguf.write(gemma2, TINY, RandomLlamaGguf.Variant.GEMMA2.withSlidingWindow(16)
                .withSoftcaps(1.5f, 4f), "Q8_0", 1, null);
        f = GgufFile.open(gemma2);
        assertThat(f.metadata().getInt("gemma2.attention.sliding_window")).isEqualTo(16);
        assertThat(f.metadata().getFloat("gemma2.attn_logit_softcapping")).isEqualTo(1.5f);
        assertThat(f.metadata().getFloat("gemma2.final_logit_softcapping")).isEqualTo(4f);

        Path llama3 = tmp.resolve("llama3.gguf");
        RandomLlamaGguf.write(llama3, TINY, RandomLlamaGguf.Variant.LLAMA
                .withLlama3Rope(RandomLlamaGguf.Llama3Rope.LLAMA_3_1), "Q4_0", 1, null);
        assertThat(GgufFile.open(llama3).tensor("rope_freqs.weight").dimensions()).containsExactly(32);
    }

    @Test
    void rejectsShapesTheTypeCannotHold() {
        assertThatThrownBy(() -> RandomLlamaGguf.write(tmp.resolve("x.gguf"), TINY.withFeedForward(300), "Q4_K", 1))
                .hasMessageContaining("not a multiple of the Q4_K block size 256");
        assertThatThrownBy(() -> RandomLlamaGguf.write(tmp.resolve("x.gguf"), TINY, "Q5_K", 1))
                .hasMessageContaining("supported");
        assertThatThrownBy(() -> new RandomLlamaGguf.Variant("gemma3n", 0, false, false, false, false, "none", 1f, 0,
                null)).hasMessageContaining("cannot write architecture gemma3n");
        assertThatThrownBy(() -> RandomLlamaGguf.Variant.LLAMA.withSlidingWindow(8))
                .hasMessageContaining("sliding window (8) is written for gemma2, gemma3 and olmo2 only");
        assertThatThrownBy(() -> RandomLlamaGguf.Variant.GEMMA3.withSoftcaps(50f, 0f))
                .hasMessageContaining("attention soft-capping for gemma2");
        assertThatThrownBy(() -> RandomLlamaGguf.Variant.LLAMA.withRopeScaling("longrope", 1f, 64))
                .hasMessageContaining("longrope with phi3");
        assertThat(RandomLlamaGguf.LLAMA_1_1B.parameterCount()).isBetween(1_000_000_000L, 1_200_000_000L);
        assertThat(RandomLlamaGguf.LLAMA_0_5B.parameterCount()).isBetween(400_000_000L, 600_000_000L);
    }
}
