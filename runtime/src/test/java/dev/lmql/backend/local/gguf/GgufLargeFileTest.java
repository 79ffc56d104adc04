package dev.lmql.backend.local.gguf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files larger than 2 GB: each tensor is mapped on its own, so offsets past 2^31 work (sparse file, little disk). */
class GgufLargeFileTest {
    @TempDir
    Path tmp;

    @Test
    void readsATensorBeyondTwoGigabytes() throws IOException {
        long farOffset = (1L << 31) + 4096; // relative to the data section, a multiple of the alignment
        ByteBuffer header = ByteBuffer.allocate(128).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(GgufHeaderParser.MAGIC).putInt(2).putLong(2).putLong(0)
                .putLong(4).put("near".getBytes()).putInt(1).putLong(4).putInt(GgmlType.F32.id()).putLong(0)
                .putLong(3).put("far".getBytes()).putInt(1).putLong(4).putInt(GgmlType.F32.id()).putLong(farOffset);
        int headerLength = header.position();
        long dataStart = GgufHeaderParser.align(headerLength, 32);
        Path p = tmp.resolve("large.gguf");
        try (RandomAccessFile raf = new RandomAccessFile(p.toFile(), "rw")) {
            raf.write(header.array(), 0, headerLength);
            raf.setLength(dataStart + farOffset + 16);
            raf.seek(dataStart + farOffset);
            ByteBuffer values = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN)
                    .putFloat(1.5f).putFloat(-2f).putFloat(3f).putFloat(4.25f);
            raf.write(values.array());
        }
        assertThat(Files.size(p)).isGreaterThan(1L << 31);

        GgufFile f = GgufFile.open(p);
        assertThat(f.version()).isEqualTo(2);
        ByteBuffer far = f.tensorData("far");
        assertThat(far.getFloat(0)).isEqualTo(1.5f);
        assertThat(far.getFloat(12)).isEqualTo(4.25f);
        assertThat(f.tensorData("near").getFloat(0)).isZero();
    }
}
