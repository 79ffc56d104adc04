package dev.lmql.backend.local.gguf;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes GGUF v3 files: metadata in insertion order, tensor infos, and aligned tensor data.
 *
 * <p>Tensor data is raw bytes in the tensor's {@link GgmlType} layout (quantizing is the caller's job).
 * Large tensors can be streamed with {@link #addTensor(String, GgmlType, long[], TensorContent)} so that a
 * multi-gigabyte model never has to be in memory at once. The file is written to a temporary sibling and
 * moved into place, so a reader never sees half a file. Not thread-safe.
 */
public final class GgufWriter {

    /** Produces a tensor's bytes on demand, while the file is written. */
    @FunctionalInterface
    public interface TensorContent {
        /** Writes exactly the tensor's {@link GgufTensorInfo#byteSize()} bytes. */
        void writeTo(OutputStream out) throws IOException;
    }

    private record PendingTensor(GgufTensorInfo info, TensorContent content) {
    }

    private final Map<String, GgufMetadata.Value> metadata = new LinkedHashMap<>();
    private final List<PendingTensor> tensors = new ArrayList<>();
    private final Map<String, Boolean> tensorNames = new LinkedHashMap<>();
    private long nextOffset;

    /** Sets {@code general.alignment} (a power of two; default 32). Call before adding tensors. */
    public GgufWriter alignment(int alignment) {
        return putUInt32("general.alignment", alignment);
    }

    /** Adds a string value. */
    public GgufWriter putString(String key, String value) {
        return put(key, GgufValueType.STRING, Objects.requireNonNull(value, key));
    }

    /** Adds a u8 value (0..255). */
    public GgufWriter putUInt8(String key, int value) {
        return put(key, GgufValueType.UINT8, checkRange(key, value, 0, 255));
    }

    /** Adds an i8 value. */
    public GgufWriter putInt8(String key, int value) {
        return put(key, GgufValueType.INT8, checkRange(key, value, Byte.MIN_VALUE, Byte.MAX_VALUE));
    }

    /** Adds a u16 value. */
    public GgufWriter putUInt16(String key, int value) {
        return put(key, GgufValueType.UINT16, checkRange(key, value, 0, 65535));
    }

    /** Adds an i16 value. */
    public GgufWriter putInt16(String key, int value) {
        return put(key, GgufValueType.INT16, checkRange(key, value, Short.MIN_VALUE, Short.MAX_VALUE));
    }

    /** Adds a u32 value. */
    public GgufWriter putUInt32(String key, long value) {
        return put(key, GgufValueType.UINT32, checkRange(key, value, 0, 0xFFFF_FFFFL));
    }

    /** Adds an i32 value. */
    public GgufWriter putInt32(String key, int value) {
        return put(key, GgufValueType.INT32, (long) value);
    }

    /** Adds a u64 value (the bit pattern of {@code value}). */
    public GgufWriter putUInt64(String key, long value) {
        return put(key, GgufValueType.UINT64, value);
    }

    /** Adds an i64 value. */
    public GgufWriter putInt64(String key, long value) {
        return put(key, GgufValueType.INT64, value);
    }

    /** Adds an f32 value. */
    public GgufWriter putFloat32(String key, float value) {
        return put(key, GgufValueType.FLOAT32, value);
    }

    /** Adds an f64 value. */
    public GgufWriter putFloat64(String key, double value) {
        return put(key, GgufValueType.FLOAT64, value);
    }

    /** Adds a bool value. */
    public GgufWriter putBool(String key, boolean value) {
        return put(key, GgufValueType.BOOL, value);
    }

    /** Adds an array value. */
    public GgufWriter putArray(String key, GgufArray value) {
        return put(key, GgufValueType.ARRAY, Objects.requireNonNull(value, key));
    }

    /** Adds an array of strings. */
    public GgufWriter putStringArray(String key, List<String> values) {
        return putArray(key, GgufArray.of(GgufValueType.STRING, values.toArray(new String[0])));
    }

    /** Adds an array of f32. */
    public GgufWriter putFloat32Array(String key, float[] values) {
        return putArray(key, GgufArray.of(GgufValueType.FLOAT32, values.clone()));
    }

    /** Adds an array of i32. */
    public GgufWriter putInt32Array(String key, int[] values) {
        return putArray(key, GgufArray.of(GgufValueType.INT32, values.clone()));
    }

    /** Copies every key of {@code source} (with its declared type). */
    public GgufWriter putAll(GgufMetadata source) {
        return putAll(source, key -> true);
    }

    /** Copies the keys of {@code source} that {@code keys} accepts (with their declared types). */
    public GgufWriter putAll(GgufMetadata source, java.util.function.Predicate<String> keys) {
        for (Map.Entry<String, GgufMetadata.Value> e : source.entries().entrySet()) {
            if (keys.test(e.getKey())) {
                put(e.getKey(), e.getValue().type(), e.getValue().value());
            }
        }
        return this;
    }

    /** Adds a tensor with its raw bytes, which must be exactly the size its type and dimensions need. */
    public GgufWriter addTensor(String name, GgmlType type, long[] dimensions, byte[] data) {
        GgufTensorInfo info = tensorInfo(name, type, dimensions);
        if (data.length != info.byteSize()) {
            throw new IllegalArgumentException("tensor '" + name + "' of " + type + " " + java.util.Arrays.toString(dimensions)
                    + " needs " + info.byteSize() + " bytes, got " + data.length);
        }
        byte[] copy = data.clone();
        return add(info, out -> out.write(copy));
    }

    /** Adds a tensor whose bytes are produced while the file is written. */
    public GgufWriter addTensor(String name, GgmlType type, long[] dimensions, TensorContent content) {
        return add(tensorInfo(name, type, dimensions), Objects.requireNonNull(content, name));
    }

    /** Writes the file (via a temporary sibling that is then moved into place). */
    public void write(Path path) throws IOException {
        Path target = path.toAbsolutePath();
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            try (OutputStream raw = Files.newOutputStream(tmp);
                 CountingStream out = new CountingStream(new BufferedOutputStream(raw, 1 << 16))) {
                writeTo(out);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private void writeTo(CountingStream out) throws IOException {
        int alignment = alignmentValue();
        out.u32(GgufHeaderParser.MAGIC);
        out.u32(3);
        out.u64(tensors.size());
        out.u64(metadata.size());
        for (Map.Entry<String, GgufMetadata.Value> e : metadata.entrySet()) {
            out.string(e.getKey());
            out.u32(e.getValue().type().id());
            writeValue(out, e.getValue().type(), e.getValue().value());
        }
        for (PendingTensor t : tensors) {
            out.string(t.info().name());
            out.u32(t.info().dimensionCount());
            for (long d : t.info().dimensions()) {
                out.u64(d);
            }
            out.u32(t.info().type().id());
            out.u64(t.info().offset());
        }
        long dataStart = GgufHeaderParser.align(out.count, alignment);
        out.pad(dataStart);
        for (PendingTensor t : tensors) {
            long start = dataStart + t.info().offset();
            out.pad(start);
            t.content().writeTo(out);
            long written = out.count - start;
            if (written != t.info().byteSize()) {
                throw new IllegalStateException("tensor '" + t.info().name() + "' content wrote " + written
                        + " bytes, expected " + t.info().byteSize());
            }
        }
    }

    private void writeValue(CountingStream out, GgufValueType type, Object value) throws IOException {
        switch (type) {
            case UINT8: case INT8: case BOOL:
                out.write(value instanceof Boolean ? (((Boolean) value) ? 1 : 0) : ((Long) value).intValue());
                break;
            case UINT16: case INT16: out.u16(((Long) value).intValue()); break;
            case UINT32: case INT32: out.u32(((Long) value).intValue()); break;
            case UINT64: case INT64: out.u64((Long) value); break;
            case FLOAT32: out.u32(Float.floatToRawIntBits((Float) value)); break;
            case FLOAT64: out.u64(Double.doubleToRawLongBits((Double) value)); break;
            case STRING: out.string((String) value); break;
            default: writeArray(out, (GgufArray) value); break;
        }
    }

    private void writeArray(CountingStream out, GgufArray array) throws IOException {
        out.u32(array.elementType().id());
        out.u64(array.size());
        Object raw = array.rawValues();
        for (int i = 0; i < array.size(); i++) {
            switch (array.elementType()) {
                case UINT8: case INT8: out.write(((byte[]) raw)[i]); break;
                case UINT16: case INT16: out.u16(((short[]) raw)[i]); break;
                case UINT32: case INT32: out.u32(((int[]) raw)[i]); break;
                case UINT64: case INT64: out.u64(((long[]) raw)[i]); break;
                case FLOAT32: out.u32(Float.floatToRawIntBits(((float[]) raw)[i])); break;
                case FLOAT64: out.u64(Double.doubleToRawLongBits(((double[]) raw)[i])); break;
                case BOOL: out.write(((boolean[]) raw)[i] ? 1 : 0); break;
                case STRING: out.string(((String[]) raw)[i]); break;
                default: writeArray(out, ((GgufArray[]) raw)[i]); break;
            }
        }
    }

    private int alignmentValue() {
        GgufMetadata.Value a = metadata.get("general.alignment");
        return a == null ? GgufHeaderParser.DEFAULT_ALIGNMENT : ((Long) a.value()).intValue();
    }

    private GgufWriter put(String key, GgufValueType type, Object value) {
        Objects.requireNonNull(key, "key");
        if (metadata.containsKey(key)) {
            throw new IllegalArgumentException("metadata key '" + key + "' was already added");
        }
        if (key.equals("general.alignment")) {
            checkAlignmentKey(type, value);
        }
        metadata.put(key, new GgufMetadata.Value(type, value));
        return this;
    }

    private void checkAlignmentKey(GgufValueType type, Object value) {
        if (type != GgufValueType.UINT32) {
            throw new IllegalArgumentException("general.alignment must be a UINT32, got " + type);
        }
        long a = (Long) value;
        if (a <= 0 || Long.bitCount(a) != 1) {
            throw new IllegalArgumentException("general.alignment must be a positive power of two, got " + a);
        }
        if (!tensors.isEmpty()) {
            throw new IllegalStateException("set general.alignment before adding tensors");
        }
    }

    private GgufTensorInfo tensorInfo(String name, GgmlType type, long[] dimensions) {
        if (tensorNames.containsKey(name)) {
            throw new IllegalArgumentException("tensor '" + name + "' was already added");
        }
        if (dimensions.length == 0 || dimensions.length > GgufHeaderParser.MAX_DIMENSIONS) {
            throw new IllegalArgumentException("tensor '" + name + "' needs 1 to 4 dimensions, got " + dimensions.length);
        }
        return new GgufTensorInfo(name, dimensions, type, GgufHeaderParser.align(nextOffset, alignmentValue()));
    }

    private GgufWriter add(GgufTensorInfo info, TensorContent content) {
        tensorNames.put(info.name(), Boolean.TRUE);
        tensors.add(new PendingTensor(info, content));
        nextOffset = info.offset() + info.byteSize();
        return this;
    }

    private static long checkRange(String key, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException("metadata key '" + key + "' = " + value + " is outside " + min + ".." + max);
        }
        return value;
    }

    /** A little-endian output stream that counts the bytes written, for offsets and padding. */
    private static final class CountingStream extends FilterOutputStream {
        long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        void u16(int v) throws IOException {
            write(v & 0xFF);
            write((v >>> 8) & 0xFF);
        }

        void u32(int v) throws IOException {
            u16(v);
            u16(v >>> 16);
        }

        void u64(long v) throws IOException {
            u32((int) v);
            u32((int) (v >>> 32));
        }

        void string(String s) throws IOException {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            u64(b.length);
            write(b, 0, b.length);
        }

        void pad(long position) throws IOException {
            while (count < position) {
                write(0);
            }
        }
    }
}
