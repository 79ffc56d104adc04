package dev.lmql.backend.local.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Corrupt, truncated and unsupported files must give a {@link GgufFormatException} naming the file and the
 * problem — never an OutOfMemoryError, a crash, or another exception.
 */
class GgufCorruptFileTest {
    // Byte offsets in the file written by validFile(): one metadata key "k" = "v", one F32 tensor "t" [4].
    private static final int VERSION = 4;
    private static final int TENSOR_COUNT = 8;
    private static final int KEY_LENGTH = 24;
    private static final int VALUE_TYPE = 33;
    private static final int STRING_LENGTH = 37;
    private static final int N_DIMS = 55;
    private static final int DIM0 = 59;
    private static final int TENSOR_TYPE = 67;
    private static final int TENSOR_OFFSET = 71;
    private static final int HEADER_END = 79;

    @TempDir
    Path tmp;
    private byte[] valid;

    @BeforeEach
    void writeValidFile() throws IOException {
        valid = validFile(Files.createTempDirectory("gguf"));
    }

    private static byte[] validFile(Path dir) throws IOException {
        Path p = dir.resolve("valid.gguf");
        new GgufWriter().putString("k", "v").addTensor("t", GgmlType.F32, new long[] {4}, new byte[16]).write(p);
        return Files.readAllBytes(p);
    }

    @Test
    void layoutAssumedByTheseTestsHolds() throws IOException {
        GgufFile f = GgufFile.open(write(valid));
        assertThat(f.tensor("t").byteSize()).isEqualTo(16);
        assertThat(valid).hasSize(112);
        assertThat(le(valid).getLong(DIM0)).isEqualTo(4);
        assertThat(le(valid).getInt(TENSOR_TYPE)).isZero();
    }

    @Test
    void emptyFile() {
        expectError(new byte[0]).hasMessageContaining("not a GGUF file: only 0 bytes");
    }

    @Test
    void truncatedHeaderAtEveryPosition() throws IOException {
        for (int len = 1; len < HEADER_END; len++) {
            Path p = write(Arrays.copyOf(valid, len));
            assertThatThrownBy(() -> GgufFile.open(p)).as("prefix of %d bytes", len)
                    .isInstanceOf(GgufFormatException.class).hasMessageContaining(p.toString());
        }
        expectError(Arrays.copyOf(valid, 12)).hasMessageContaining("truncated header");
        expectError(Arrays.copyOf(valid, 20)).hasMessageContaining("tensor count 1 is larger than the 4 bytes left");
        expectError(Arrays.copyOf(valid, 50)).hasMessageContaining("truncated").hasMessageContaining("tensor");
    }

    @Test
    void wrongMagic() {
        byte[] b = valid.clone();
        b[0] = 'P';
        b[1] = 'K';
        expectError(b).hasMessageContaining("not a GGUF file").hasMessageContaining("0x504b5546");
    }

    @Test
    void unsupportedVersions() {
        expectError(patchInt(valid, VERSION, 1)).hasMessageContaining("GGUF version 1 is not supported");
        expectError(patchInt(valid, VERSION, 4)).hasMessageContaining("unsupported GGUF version 4");
        expectError(patchInt(valid, VERSION, 3 << 24)).hasMessageContaining("big-endian");
    }

    @Test
    void tensorDataPastEndOfFile() {
        expectError(Arrays.copyOf(valid, valid.length - 1))
                .hasMessageContaining("tensor 't' data (16 bytes at offset 96) extends past the end of the file (111 bytes)");
        expectError(patchLong(valid, TENSOR_OFFSET, 1L << 40)).hasMessageContaining("past the end of the file");
    }

    @Test
    void absurdDimensions() {
        expectError(patchLong(valid, DIM0, 1L << 40)).hasMessageContaining("past the end of the file");
        expectError(patchLong(valid, DIM0, -1L)).hasMessageContaining("absurd dimension 18446744073709551615");
        expectError(patchInt(valid, N_DIMS, 5)).hasMessageContaining("has 5 dimensions (at most 4)");
        expectError(patchInt(valid, N_DIMS, -1)).hasMessageContaining("has 4294967295 dimensions");
    }

    @Test
    void dimensionsWhoseProductOverflows() {
        // a 2-D tensor whose two dimensions of 2^32 each multiply past 2^63
        byte[] b = ByteBuffer.allocate(200).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(GgufHeaderParser.MAGIC).putInt(3).putLong(1).putLong(0)
                .putLong(1).put((byte) 't').putInt(2).putLong(1L << 32).putLong(1L << 32).putInt(0).putLong(0)
                .array();
        expectError(b).hasMessageContaining("product overflows");
    }

    @Test
    void hugeStringAndArrayLengths() {
        expectError(patchLong(valid, KEY_LENGTH, 1L << 40))
                .hasMessageContaining("string length 1099511627776 is larger than the");
        expectError(patchLong(valid, STRING_LENGTH, Long.MAX_VALUE)).hasMessageContaining("metadata key 'k'")
                .hasMessageContaining("string length");
        byte[] arr = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(GgufHeaderParser.MAGIC).putInt(3).putLong(0).putLong(1)
                .putLong(1).put((byte) 'a').putInt(GgufValueType.ARRAY.id())
                .putInt(GgufValueType.FLOAT32.id()).putLong(1L << 31).array();
        expectError(arr).hasMessageContaining("array length 2147483648");
        expectError(patchLong(valid, TENSOR_COUNT, 1L << 50)).hasMessageContaining("tensor count");
    }

    @Test
    void unknownTypes() {
        expectError(patchInt(valid, TENSOR_TYPE, 99)).hasMessageContaining("unknown tensor type id 99");
        expectError(patchInt(valid, TENSOR_TYPE, 4)).hasMessageContaining("unknown tensor type id 4");
        expectError(patchInt(valid, VALUE_TYPE, 13)).hasMessageContaining("unknown value type id 13");
    }

    @Test
    void misalignedTensorOffset() {
        expectError(patchLong(valid, TENSOR_OFFSET, 4)).hasMessageContaining("not a multiple of the alignment 32");
    }

    /** Any single corrupted byte gives a valid file or a GgufFormatException — nothing else. */
    @Property(tries = 300)
    void randomCorruptionNeverEscapes(@ForAll @IntRange(min = 0, max = 111) int position,
                                      @ForAll byte value, @ForAll @IntRange(min = 1, max = 112) int length)
            throws IOException {
        byte[] b = Arrays.copyOf(validFile(tmpDir()), length);
        if (position < length) {
            b[position] = value;
        }
        Path p = write(b);
        try {
            GgufFile f = GgufFile.open(p);
            for (GgufTensorInfo t : f.tensors()) {
                assertThat(f.tensorData(t).remaining()).isEqualTo(t.byteSize());
            }
        } catch (GgufFormatException e) {
            assertThat(e.getMessage()).startsWith(p.toString());
        }
    }

    private Path tmpDir() throws IOException {
        return tmp != null ? tmp : Files.createTempDirectory("gguf");
    }

    private AbstractThrowableAssert<?, ? extends Throwable> expectError(byte[] content) {
        Path p;
        try {
            p = write(content);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return assertThatThrownBy(() -> GgufFile.open(p)).isInstanceOf(GgufFormatException.class)
                .hasMessageStartingWith(p.toString() + ": ");
    }

    private Path write(byte[] content) throws IOException {
        Path p = Files.createTempFile(tmpDir(), "corrupt", ".gguf");
        Files.write(p, content);
        return p;
    }

    private static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static byte[] patchInt(byte[] b, int at, int v) {
        byte[] c = b.clone();
        le(c).putInt(at, v);
        return c;
    }

    private static byte[] patchLong(byte[] b, int at, long v) {
        byte[] c = b.clone();
        le(c).putLong(at, v);
        return c;
    }
}
