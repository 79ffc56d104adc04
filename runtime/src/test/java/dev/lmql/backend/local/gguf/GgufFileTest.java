package dev.lmql.backend.local.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lmql.testing.SharedModels;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GgufFileTest {
    @TempDir
    Path tmp;

    @Test
    void readsStories260K() throws IOException {
        GgufFile f = GgufFile.open(SharedModels.file("stories260K.gguf"));
        assertThat(f.version()).isEqualTo(3);
        assertThat(f.tensors()).hasSize(48).allMatch(t -> t.type() == GgmlType.F32);
        GgufMetadata m = f.metadata();
        assertThat(m.getString("general.architecture")).isEqualTo("llama");
        assertThat(m.getInt("llama.embedding_length")).isEqualTo(64);
        assertThat(m.getInt("llama.feed_forward_length")).isEqualTo(172);
        assertThat(m.getInt("llama.block_count")).isEqualTo(5);
        assertThat(m.getInt("llama.attention.head_count_kv")).isEqualTo(4);
        assertThat(m.getFloat("llama.attention.layer_norm_rms_epsilon")).isEqualTo(1e-5f);
        assertThat(m.getString("tokenizer.ggml.model")).isEqualTo("llama");
        assertThat(m.getStringArray("tokenizer.ggml.tokens")).hasSize(512).startsWith("<unk>", "<s>", "</s>", "<0x00>");
        assertThat(m.getFloatArray("tokenizer.ggml.scores")).hasSize(512);
        assertThat(m.getIntArray("tokenizer.ggml.token_type")).hasSize(512);

        GgufTensorInfo emb = f.tensor("token_embd.weight");
        assertThat(emb.dimensions()).containsExactly(64, 512);
        assertThat(emb.byteSize()).isEqualTo(64L * 512 * 4);
        ByteBuffer data = f.tensorData(emb);
        assertThat(data.remaining()).isEqualTo(64 * 512 * 4);
        assertThat(data.isReadOnly()).isTrue();
        // output.weight is a copy of the embeddings in this model (see the models README)
        assertThat(f.tensorData("output.weight")).isEqualTo(data);
        assertThat(f.dataStart() % f.alignment()).isZero();
        float first = data.getFloat(0);
        assertThat(Float.isFinite(first)).isTrue();
        assertThat(data.getFloat(0)).isEqualTo(first); // views are independent and repeatable
    }

    @Test
    void readsF16Model() throws IOException {
        GgufFile f = GgufFile.open(SharedModels.file("llama-2-tiny-random.gguf"));
        assertThat(f.tensors()).anyMatch(t -> t.type() == GgmlType.F16);
        assertThat(f.metadata().getStringArray("tokenizer.ggml.tokens")).hasSize(32000);
        for (GgufTensorInfo t : f.tensors()) {
            assertThat(f.tensorData(t).remaining()).isEqualTo(t.byteSize());
        }
    }

    @Test
    void metadataErrorsNameTheKeyAndFile() throws IOException {
        GgufFile f = GgufFile.open(SharedModels.file("stories260K.gguf"));
        assertThatThrownBy(() -> f.metadata().getInt("llama.no_such_key"))
                .isInstanceOf(GgufFormatException.class)
                .hasMessageContaining("stories260K.gguf").hasMessageContaining("'llama.no_such_key' is missing");
        assertThatThrownBy(() -> f.metadata().getInt("general.architecture"))
                .hasMessageContaining("'general.architecture' has type STRING, expected an integer");
        assertThatThrownBy(() -> f.metadata().getFloatArray("tokenizer.ggml.tokens"))
                .hasMessageContaining("'tokenizer.ggml.tokens'").hasMessageContaining("STRING");
        assertThatThrownBy(() -> f.tensor("blk.99.attn_q.weight"))
                .hasMessageContaining("tensor 'blk.99.attn_q.weight' is missing");
        assertThat(f.metadata().getInt("llama.no_such_key", 7)).isEqualTo(7);
        assertThat(f.metadata().getString("general.architecture", "x")).isEqualTo("llama");
    }

    @Test
    void missingFileIsAnIoError() {
        assertThatThrownBy(() -> GgufFile.open(tmp.resolve("nope.gguf"))).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> GgufFile.open(tmp)).isInstanceOf(GgufFormatException.class)
                .hasMessageContaining("directory");
    }

    @Test
    void writerRoundTripsEveryValueType() throws IOException {
        GgufArray nested = GgufArray.of(GgufValueType.ARRAY, new GgufArray[] {
                GgufArray.of(GgufValueType.INT16, new short[] {1, -2}),
                GgufArray.of(GgufValueType.STRING, new String[] {"a", "ü▁"})});
        byte[] q8 = new byte[2 * 34];
        for (int i = 0; i < q8.length; i++) {
            q8[i] = (byte) i;
        }
        Path p = tmp.resolve("all.gguf");
        new GgufWriter().alignment(64)
                .putUInt8("u8", 200).putInt8("i8", -100).putUInt16("u16", 65000).putInt16("i16", -30000)
                .putUInt32("u32", 4_000_000_000L).putInt32("i32", -5).putUInt64("u64", -1L).putInt64("i64", Long.MIN_VALUE)
                .putFloat32("f32", 1.5f).putFloat64("f64", Math.PI).putBool("yes", true).putString("s", "héllo ▁")
                .putArray("nested", nested).putFloat32Array("floats", new float[] {1f, -2f})
                .putInt32Array("ints", new int[] {3, 4})
                .putArray("u8s", GgufArray.of(GgufValueType.UINT8, new byte[] {(byte) 255}))
                .putArray("bools", GgufArray.of(GgufValueType.BOOL, new boolean[] {true, false}))
                .putArray("f64s", GgufArray.of(GgufValueType.FLOAT64, new double[] {0.25}))
                .addTensor("a", GgmlType.F32, new long[] {3}, new byte[12])
                .addTensor("q", GgmlType.Q8_0, new long[] {32, 2}, q8)
                .addTensor("streamed", GgmlType.F16, new long[] {5, 1, 1, 2}, out -> out.write(new byte[20]))
                .write(p);

        GgufFile f = GgufFile.open(p);
        GgufMetadata m = f.metadata();
        assertThat(m.keys()).startsWith("general.alignment", "u8", "i8");
        assertThat(f.alignment()).isEqualTo(64);
        assertThat(m.getInt("u8")).isEqualTo(200);
        assertThat(m.getInt("i8")).isEqualTo(-100);
        assertThat(m.getInt("u16")).isEqualTo(65000);
        assertThat(m.getInt("i16")).isEqualTo(-30000);
        assertThat(m.getLong("u32")).isEqualTo(4_000_000_000L);
        assertThatThrownBy(() -> m.getInt("u32")).hasMessageContaining("does not fit");
        assertThat(m.getInt("i32")).isEqualTo(-5);
        assertThatThrownBy(() -> m.getLong("u64")).hasMessageContaining("18446744073709551615");
        assertThat(m.getLong("i64")).isEqualTo(Long.MIN_VALUE);
        assertThat(m.getFloat("f32")).isEqualTo(1.5f);
        assertThat(m.getDouble("f64")).isEqualTo(Math.PI);
        assertThat(m.getBoolean("yes")).isTrue();
        assertThat(m.getString("s")).isEqualTo("héllo ▁");
        assertThat(m.getArray("nested")).isEqualTo(nested);
        assertThat(m.getArray("nested").asArrays().get(1).asStrings()).containsExactly("a", "ü▁");
        assertThat(m.getArray("nested").asArrays().get(0).asInts()).containsExactly(1, -2);
        assertThat(m.getFloatArray("floats")).containsExactly(1f, -2f);
        assertThat(m.getIntArray("ints")).containsExactly(3, 4);
        assertThat(m.getIntArray("u8s")).containsExactly(255);
        assertThat(m.getArray("bools").asBooleans()).containsExactly(true, false);
        assertThat(m.getFloatArray("f64s")).containsExactly(0.25f);
        assertThat(m.type("u16")).contains(GgufValueType.UINT16);

        assertThat(f.tensors()).extracting(GgufTensorInfo::name).containsExactly("a", "q", "streamed");
        GgufTensorInfo q = f.tensor("q");
        assertThat(q.type()).isEqualTo(GgmlType.Q8_0);
        assertThat(q.offset() % 64).isZero();
        assertThat(q.elementCount()).isEqualTo(64);
        ByteBuffer qd = f.tensorData(q);
        byte[] back = new byte[qd.remaining()];
        qd.get(back);
        assertThat(back).isEqualTo(q8);
        assertThat(f.tensor("streamed").dimensions()).containsExactly(5, 1, 1, 2);
        assertThat(f.tensor("streamed").dimension(3)).isEqualTo(2);
    }

    @Test
    void writerCopiesARealModelByteForByte() throws IOException {
        GgufFile src = GgufFile.open(SharedModels.file("stories260K.gguf"));
        GgufWriter w = new GgufWriter().putAll(src.metadata());
        for (GgufTensorInfo t : src.tensors()) {
            byte[] bytes = new byte[(int) t.byteSize()];
            src.tensorData(t).get(bytes);
            w.addTensor(t.name(), t.type(), t.dimensions(), bytes);
        }
        Path p = tmp.resolve("copy.gguf");
        w.write(p);
        // GGUF has one canonical layout for this content, so the copy is identical to llama.cpp's file
        assertThat(Files.readAllBytes(p)).isEqualTo(Files.readAllBytes(src.path()));
    }

    @Test
    void writerRejectsWrongSizesAndStreamsThatLie() {
        assertThatThrownBy(() -> new GgufWriter().addTensor("t", GgmlType.Q4_0, new long[] {32}, new byte[17]))
                .hasMessageContaining("needs 18 bytes, got 17");
        assertThatThrownBy(() -> new GgufWriter().addTensor("t", GgmlType.Q4_0, new long[] {33}, new byte[18]))
                .hasMessageContaining("not a multiple of the block size 32");
        GgufWriter liar = new GgufWriter().addTensor("t", GgmlType.F32, new long[] {4}, out -> out.write(new byte[3]));
        assertThatThrownBy(() -> liar.write(tmp.resolve("liar.gguf"))).hasMessageContaining("wrote 3 bytes, expected 16");
        assertThat(tmp.resolve("liar.gguf")).doesNotExist();
        assertThat(tmp.resolve("liar.gguf.tmp")).doesNotExist();
        assertThatThrownBy(() -> new GgufWriter().putString("k", "a").putString("k", "b"))
                .hasMessageContaining("already added");
    }

    @Test
    void typeSizesMatchGgml() {
        assertThat(GgmlType.byId(12)).isEqualTo(GgmlType.Q4_K);
        assertThat(GgmlType.Q4_K.byteSize(512)).isEqualTo(288);
        assertThat(GgmlType.Q6_K.byteSize(256)).isEqualTo(210);
        assertThat(GgmlType.BF16.byteSize(3)).isEqualTo(6);
        assertThat(GgmlType.byId(4)).isNull();
        assertThat(List.of(GgmlType.values())).allMatch(t -> GgmlType.byId(t.id()) == t);
    }
}
