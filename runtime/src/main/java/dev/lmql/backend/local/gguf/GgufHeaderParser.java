package dev.lmql.backend.local.gguf;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Parses and validates the header of a GGUF v2/v3 file: magic, version, metadata and tensor infos. */
final class GgufHeaderParser {
    static final int MAGIC = 0x46554747; // "GGUF" read as a little-endian u32
    static final int DEFAULT_ALIGNMENT = 32;
    static final int MAX_DIMENSIONS = 4;
    private static final int MAX_NESTING = 16;

    /** The parsed header; tensor offsets are relative to {@code dataStart}. */
    record Header(int version, GgufMetadata metadata, List<GgufTensorInfo> tensors, int alignment, long dataStart) {
    }

    private final Path file;
    private final long fileSize;
    private final HeaderReader in;

    GgufHeaderParser(Path file, ByteBuffer prefix, long fileSize) {
        this.file = file;
        this.fileSize = fileSize;
        this.in = new HeaderReader(file, prefix);
    }

    Header parse() {
        if (fileSize < 4) {
            throw in.error("not a GGUF file: only " + fileSize + " bytes (a GGUF file starts with the magic 'GGUF')");
        }
        int magic = in.i32();
        if (magic != MAGIC) {
            throw in.error("not a GGUF file: the first bytes are " + describeMagic(magic)
                    + ", expected 'GGUF' (is this a safetensors/PyTorch/old GGML file? convert it with llama.cpp)");
        }
        int version = in.i32();
        if (version == 1) {
            throw in.error("GGUF version 1 is not supported (only versions 2 and 3); re-convert the model with a current llama.cpp");
        }
        if (version != 2 && version != 3) {
            String hint = (version & 0xFFFF) == 0 ? " (this looks like a big-endian GGUF file, which is not supported)" : "";
            throw in.error("unsupported GGUF version " + Integer.toUnsignedString(version)
                    + " (supported: 2 and 3)" + hint);
        }
        long tensorCount = in.count("tensor count", 24);
        long kvCount = in.count("metadata entry count", 13);

        Map<String, GgufMetadata.Value> kv = new LinkedHashMap<>();
        for (long i = 0; i < kvCount; i++) {
            in.context("metadata entry " + i);
            String key = in.string();
            in.context("metadata key '" + key + "'");
            if (kv.containsKey(key)) {
                throw in.error("duplicate metadata key '" + key + "'");
            }
            GgufValueType type = valueType(in.u32());
            kv.put(key, new GgufMetadata.Value(type, readValue(type, 0)));
        }
        GgufMetadata metadata = new GgufMetadata(file, kv);
        int alignment = alignment(metadata);

        List<GgufTensorInfo> tensors = new ArrayList<>((int) tensorCount);
        Set<String> names = new HashSet<>();
        for (long i = 0; i < tensorCount; i++) {
            in.context("tensor info " + i);
            GgufTensorInfo t = readTensorInfo();
            if (!names.add(t.name())) {
                throw in.error("duplicate tensor name '" + t.name() + "'");
            }
            tensors.add(t);
        }
        long dataStart = align(in.position(), alignment);
        for (GgufTensorInfo t : tensors) {
            checkPlacement(t, dataStart, alignment);
        }
        return new Header(version, metadata, List.copyOf(tensors), alignment, dataStart);
    }

    private GgufTensorInfo readTensorInfo() {
        String name = in.string();
        in.context("tensor info '" + name + "'");
        long nDims = in.u32();
        if (nDims > MAX_DIMENSIONS) {
            throw in.error("tensor '" + name + "' has " + nDims + " dimensions (at most " + MAX_DIMENSIONS + ")");
        }
        long[] dims = new long[(int) nDims];
        for (int d = 0; d < nDims; d++) {
            dims[d] = in.i64();
            if (dims[d] < 0) {
                throw in.error("tensor '" + name + "' has an absurd dimension " + Long.toUnsignedString(dims[d]));
            }
        }
        long typeId = in.u32();
        GgmlType type = GgmlType.byId(typeId);
        if (type == null) {
            throw in.error("tensor '" + name + "' has unknown tensor type id " + typeId
                    + " (a newer or unsupported quantization; known: " + java.util.Arrays.toString(GgmlType.values()) + ")");
        }
        long offset = in.i64();
        try {
            return new GgufTensorInfo(name, dims, type, offset);
        } catch (IllegalArgumentException e) {
            throw in.error(e.getMessage());
        }
    }

    private void checkPlacement(GgufTensorInfo t, long dataStart, int alignment) {
        if (t.offset() < 0 || t.offset() % alignment != 0) {
            throw in.error("tensor '" + t.name() + "' has offset " + Long.toUnsignedString(t.offset())
                    + ", not a multiple of the alignment " + alignment);
        }
        long end = dataStart + t.offset() + t.byteSize();
        if (t.offset() > fileSize || t.byteSize() > fileSize || end > fileSize) {
            throw in.error("tensor '" + t.name() + "' data (" + t.byteSize() + " bytes at offset "
                    + (dataStart + t.offset()) + ") extends past the end of the file (" + fileSize
                    + " bytes); the file is truncated or corrupt");
        }
    }

    private int alignment(GgufMetadata metadata) {
        if (!metadata.contains("general.alignment")) {
            return DEFAULT_ALIGNMENT;
        }
        long a = metadata.getLong("general.alignment");
        if (a <= 0 || a > (1 << 30) || Long.bitCount(a) != 1) {
            throw in.error("general.alignment = " + a + " is not a positive power of two");
        }
        return (int) a;
    }

    private GgufValueType valueType(long id) {
        GgufValueType t = GgufValueType.byId(id);
        if (t == null) {
            throw in.error("corrupt metadata: unknown value type id " + id);
        }
        return t;
    }

    private Object readValue(GgufValueType type, int depth) {
        switch (type) {
            case UINT8: return (long) in.u8();
            case INT8: return (long) (byte) in.u8();
            case UINT16: return (long) Short.toUnsignedInt(in.i16());
            case INT16: return (long) in.i16();
            case UINT32: return in.u32();
            case INT32: return (long) in.i32();
            case UINT64: case INT64: return in.i64();
            case FLOAT32: return in.f32();
            case FLOAT64: return in.f64();
            case BOOL: return in.bool();
            case STRING: return in.string();
            default: return readArray(depth);
        }
    }

    private GgufArray readArray(int depth) {
        if (depth >= MAX_NESTING) {
            throw in.error("corrupt metadata: arrays nested deeper than " + MAX_NESTING);
        }
        GgufValueType type = valueType(in.u32());
        int n = (int) in.count("array length", type.minBytes());
        Object values;
        switch (type) {
            case UINT8: case INT8: {
                byte[] a = new byte[n];
                for (int i = 0; i < n; i++) { a[i] = (byte) in.u8(); }
                values = a;
                break;
            }
            case UINT16: case INT16: {
                short[] a = new short[n];
                for (int i = 0; i < n; i++) { a[i] = in.i16(); }
                values = a;
                break;
            }
            case UINT32: case INT32: {
                int[] a = new int[n];
                for (int i = 0; i < n; i++) { a[i] = in.i32(); }
                values = a;
                break;
            }
            case UINT64: case INT64: {
                long[] a = new long[n];
                for (int i = 0; i < n; i++) { a[i] = in.i64(); }
                values = a;
                break;
            }
            case FLOAT32: {
                float[] a = new float[n];
                for (int i = 0; i < n; i++) { a[i] = in.f32(); }
                values = a;
                break;
            }
            case FLOAT64: {
                double[] a = new double[n];
                for (int i = 0; i < n; i++) { a[i] = in.f64(); }
                values = a;
                break;
            }
            case BOOL: {
                boolean[] a = new boolean[n];
                for (int i = 0; i < n; i++) { a[i] = in.bool(); }
                values = a;
                break;
            }
            case STRING: {
                String[] a = new String[n];
                for (int i = 0; i < n; i++) { a[i] = in.string(); }
                values = a;
                break;
            }
            default: {
                GgufArray[] a = new GgufArray[n];
                for (int i = 0; i < n; i++) { a[i] = readArray(depth + 1); }
                values = a;
                break;
            }
        }
        return new GgufArray(type, values);
    }

    static long align(long position, int alignment) {
        return (position + alignment - 1) / alignment * alignment;
    }

    private static String describeMagic(int magic) {
        StringBuilder sb = new StringBuilder("0x");
        for (int i = 0; i < 4; i++) {
            sb.append(String.format("%02x", (magic >>> (8 * i)) & 0xFF));
        }
        return sb.toString();
    }
}
