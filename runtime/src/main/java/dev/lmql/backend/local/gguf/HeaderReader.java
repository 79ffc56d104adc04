package dev.lmql.backend.local.gguf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Reads GGUF header fields from a little-endian buffer, checking every length against the bytes that are
 * left before allocating anything, so a corrupt length gives a clear error instead of an OutOfMemoryError.
 */
final class HeaderReader {
    private final Path file;
    private final ByteBuffer buffer;
    private String context = "header";

    HeaderReader(Path file, ByteBuffer buffer) {
        this.file = file;
        this.buffer = buffer.order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Names the part being read, for error messages ("metadata key 'x'"). */
    void context(String what) {
        this.context = what;
    }

    long position() {
        return buffer.position();
    }

    long remaining() {
        return buffer.remaining();
    }

    GgufFormatException error(String problem) {
        return new GgufFormatException(file, problem);
    }

    int u8() {
        need(1);
        return Byte.toUnsignedInt(buffer.get());
    }

    short i16() {
        need(2);
        return buffer.getShort();
    }

    int i32() {
        need(4);
        return buffer.getInt();
    }

    long u32() {
        return Integer.toUnsignedLong(i32());
    }

    long i64() {
        need(8);
        return buffer.getLong();
    }

    float f32() {
        need(4);
        return buffer.getFloat();
    }

    double f64() {
        need(8);
        return buffer.getDouble();
    }

    boolean bool() {
        int b = u8();
        if (b > 1) {
            throw error("truncated or corrupt " + context + ": boolean byte is " + b + " (expected 0 or 1)");
        }
        return b == 1;
    }

    /** A u64 count or length that must describe at most what is left of the file. */
    long count(String what, int minBytesPerItem) {
        long n = i64();
        if (n < 0 || (minBytesPerItem > 0 && n > remaining() / minBytesPerItem) || n > Integer.MAX_VALUE - 8) {
            throw error("corrupt " + context + ": " + what + " " + Long.toUnsignedString(n)
                    + " is larger than the " + remaining() + " bytes left in the header (file truncated or corrupt)");
        }
        return n;
    }

    String string() {
        int len = (int) count("string length", 1);
        byte[] bytes = new byte[len];
        buffer.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    void skipTo(long position) {
        if (position > buffer.limit()) {
            throw error("truncated " + context + ": needs " + position + " bytes, file has " + buffer.limit());
        }
        buffer.position((int) position);
    }

    private void need(int n) {
        if (buffer.remaining() < n) {
            throw error("truncated " + context + " at byte " + buffer.position() + " (file ends after "
                    + buffer.limit() + " bytes)");
        }
    }
}
