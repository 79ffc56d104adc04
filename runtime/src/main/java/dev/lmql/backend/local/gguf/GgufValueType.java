package dev.lmql.backend.local.gguf;

/** The types of GGUF metadata values, with their on-disk ids ({@code enum gguf_type}). */
public enum GgufValueType {
    UINT8(1),
    INT8(1),
    UINT16(2),
    INT16(2),
    UINT32(4),
    INT32(4),
    FLOAT32(4),
    BOOL(1),
    STRING(8),
    ARRAY(12),
    UINT64(8),
    INT64(8),
    FLOAT64(8);

    private final int minBytes;

    GgufValueType(int minBytes) {
        this.minBytes = minBytes;
    }

    /** The id stored in the file (the ordinal, as in gguf.h). */
    public int id() {
        return ordinal();
    }

    /** The fewest bytes one value of this type occupies in a file; bounds absurd array lengths. */
    int minBytes() {
        return minBytes;
    }

    /** The type with the given id, or {@code null}. */
    public static GgufValueType byId(long id) {
        GgufValueType[] all = values();
        return id >= 0 && id < all.length ? all[(int) id] : null;
    }

    /** Whether values of this type are integers. */
    public boolean isInteger() {
        switch (this) {
            case UINT8: case INT8: case UINT16: case INT16: case UINT32: case INT32: case UINT64: case INT64:
                return true;
            default:
                return false;
        }
    }
}
