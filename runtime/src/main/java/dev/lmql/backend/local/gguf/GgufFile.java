package dev.lmql.backend.local.gguf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A GGUF (v2 or v3) model file: metadata, tensor infos and memory-mapped tensor data.
 *
 * <p>{@link #open(Path)} validates the whole header against the file size (magic, version, every length and
 * count, tensor types, dimensions, alignment, tensor data within the file) and throws a
 * {@link GgufFormatException} naming the file and the problem. Each tensor is mapped on its own, so files
 * larger than 2 GB work as long as each single tensor is below 2 GB. Instances are immutable and thread-safe;
 * the mappings are released by the garbage collector, so there is nothing to close.
 */
public final class GgufFile {
    private final Path path;
    private final long fileSize;
    private final GgufHeaderParser.Header header;
    private final Map<String, GgufTensorInfo> tensorsByName = new HashMap<>();
    private final Map<String, ByteBuffer> data = new HashMap<>();

    private GgufFile(Path path, long fileSize, GgufHeaderParser.Header header) {
        this.path = path;
        this.fileSize = fileSize;
        this.header = header;
    }

    /**
     * Reads and validates the header of a GGUF file and maps its tensors.
     *
     * @throws GgufFormatException if the file is not a valid GGUF v2/v3 file
     * @throws IOException if the file cannot be read (e.g. {@link java.nio.file.NoSuchFileException})
     */
    public static GgufFile open(Path path) throws IOException {
        Path file = path.toAbsolutePath();
        if (Files.isDirectory(file)) {
            throw new GgufFormatException(file, "is a directory, expected a .gguf file");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            MappedByteBuffer prefix = channel.map(FileChannel.MapMode.READ_ONLY, 0, Math.min(size, Integer.MAX_VALUE));
            GgufHeaderParser.Header header = new GgufHeaderParser(file, prefix, size).parse();
            GgufFile gguf = new GgufFile(file, size, header);
            for (GgufTensorInfo t : header.tensors()) {
                gguf.tensorsByName.put(t.name(), t);
                if (t.byteSize() <= Integer.MAX_VALUE) {
                    ByteBuffer b = channel.map(FileChannel.MapMode.READ_ONLY, header.dataStart() + t.offset(), t.byteSize());
                    gguf.data.put(t.name(), b.order(ByteOrder.LITTLE_ENDIAN).asReadOnlyBuffer());
                }
            }
            return gguf;
        }
    }

    /** The file's absolute path. */
    public Path path() {
        return path;
    }

    /** The file size in bytes. */
    public long fileSize() {
        return fileSize;
    }

    /** The GGUF version (2 or 3). */
    public int version() {
        return header.version();
    }

    /** The metadata key/values. */
    public GgufMetadata metadata() {
        return header.metadata();
    }

    /** The tensor data alignment ({@code general.alignment}, default 32). */
    public int alignment() {
        return header.alignment();
    }

    /** Absolute file offset where the tensor data section starts. */
    public long dataStart() {
        return header.dataStart();
    }

    /** All tensor infos, in file order. */
    public List<GgufTensorInfo> tensors() {
        return header.tensors();
    }

    /** The tensor with this name, if present. */
    public Optional<GgufTensorInfo> findTensor(String name) {
        return Optional.ofNullable(tensorsByName.get(name));
    }

    /** The tensor with this name; a {@link GgufFormatException} naming the file and tensor if absent. */
    public GgufTensorInfo tensor(String name) {
        GgufTensorInfo t = tensorsByName.get(name);
        if (t == null) {
            throw new GgufFormatException(path, "tensor '" + name + "' is missing (the file has "
                    + tensorsByName.size() + " tensors)");
        }
        return t;
    }

    /**
     * The tensor's raw bytes: a fresh read-only little-endian view of its mapping, positioned at 0.
     *
     * @throws UnsupportedOperationException if the single tensor is larger than 2 GB
     */
    public ByteBuffer tensorData(String name) {
        GgufTensorInfo t = tensor(name);
        ByteBuffer b = data.get(name);
        if (b == null) {
            throw new UnsupportedOperationException(path + ": tensor '" + name + "' has " + t.byteSize()
                    + " bytes; tensors larger than 2 GB (one Java buffer) are not supported");
        }
        return b.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The tensor's raw bytes; see {@link #tensorData(String)}. */
    public ByteBuffer tensorData(GgufTensorInfo tensor) {
        return tensorData(tensor.name());
    }

    @Override
    public String toString() {
        return "GgufFile[" + path + ", v" + version() + ", " + metadata().keys().size() + " keys, "
                + tensors().size() + " tensors]";
    }
}
