package dev.lmql.backend.local.gguf;

import java.util.Arrays;
import java.util.List;

/**
 * A GGUF metadata array: its element type and its values in the narrowest Java array that holds them
 * ({@code byte[]} for (u)int8, {@code short[]}, {@code int[]}, {@code long[]}, {@code float[]},
 * {@code double[]}, {@code boolean[]}, {@code String[]}, or {@code GgufArray[]} for nested arrays).
 * Unsigned elements keep their bit pattern; the {@code as...} views convert them correctly.
 */
public final class GgufArray {
    private final GgufValueType elementType;
    private final Object values;
    private final int size;

    GgufArray(GgufValueType elementType, Object values) {
        this.elementType = elementType;
        this.values = values;
        this.size = java.lang.reflect.Array.getLength(values);
    }

    /** The type of every element. */
    public GgufValueType elementType() {
        return elementType;
    }

    /** Number of elements. */
    public int size() {
        return size;
    }

    /** String elements. */
    public List<String> asStrings() {
        require(elementType == GgufValueType.STRING, "strings");
        return List.of((String[]) values);
    }

    /** Float elements (f32, or f64 narrowed). */
    public float[] asFloats() {
        if (elementType == GgufValueType.FLOAT32) {
            return ((float[]) values).clone();
        }
        require(elementType == GgufValueType.FLOAT64, "floats");
        double[] d = (double[]) values;
        float[] out = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = (float) d[i];
        }
        return out;
    }

    /** Integer elements as ints; fails if an element does not fit. */
    public int[] asInts() {
        long[] longs = asLongs();
        int[] out = new int[longs.length];
        for (int i = 0; i < longs.length; i++) {
            if (longs[i] != (int) longs[i]) {
                throw new IllegalStateException("element " + i + " = " + Long.toUnsignedString(longs[i])
                        + " does not fit in an int");
            }
            out[i] = (int) longs[i];
        }
        return out;
    }

    /** Integer elements as longs (unsigned types zero-extended; u64 above 2^63 keeps its bit pattern). */
    public long[] asLongs() {
        require(elementType.isInteger(), "integers");
        long[] out = new long[size];
        for (int i = 0; i < size; i++) {
            out[i] = longAt(i);
        }
        return out;
    }

    /** Boolean elements. */
    public boolean[] asBooleans() {
        require(elementType == GgufValueType.BOOL, "booleans");
        return ((boolean[]) values).clone();
    }

    /** Nested array elements. */
    public List<GgufArray> asArrays() {
        require(elementType == GgufValueType.ARRAY, "arrays");
        return List.of((GgufArray[]) values);
    }

    /**
     * The raw element storage (not a copy; do not modify). Used by {@link GgufWriter} to copy arrays.
     */
    Object rawValues() {
        return values;
    }

    private long longAt(int i) {
        switch (elementType) {
            case UINT8: return Byte.toUnsignedLong(((byte[]) values)[i]);
            case INT8: return ((byte[]) values)[i];
            case UINT16: return Short.toUnsignedLong(((short[]) values)[i]);
            case INT16: return ((short[]) values)[i];
            case UINT32: return Integer.toUnsignedLong(((int[]) values)[i]);
            case INT32: return ((int[]) values)[i];
            default: return ((long[]) values)[i];
        }
    }

    private void require(boolean ok, String wanted) {
        if (!ok) {
            throw new IllegalStateException("array of " + elementType + " cannot be read as " + wanted);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GgufArray && ((GgufArray) o).elementType == elementType
                && Arrays.deepEquals(new Object[] {values}, new Object[] {((GgufArray) o).values});
    }

    @Override
    public int hashCode() {
        return elementType.hashCode() * 31 + Arrays.deepHashCode(new Object[] {values});
    }

    @Override
    public String toString() {
        return "GgufArray[" + elementType + " x " + size + "]";
    }

    /** Creates an array; {@code values} must be the storage type documented on this class. */
    public static GgufArray of(GgufValueType elementType, Object values) {
        Class<?> expected = storageClass(elementType);
        if (values == null || values.getClass() != expected) {
            throw new IllegalArgumentException("a GGUF " + elementType + " array must be stored as "
                    + expected.getSimpleName() + ", got " + (values == null ? "null" : values.getClass().getSimpleName()));
        }
        return new GgufArray(elementType, values);
    }

    static Class<?> storageClass(GgufValueType t) {
        switch (t) {
            case UINT8: case INT8: return byte[].class;
            case UINT16: case INT16: return short[].class;
            case UINT32: case INT32: return int[].class;
            case UINT64: case INT64: return long[].class;
            case FLOAT32: return float[].class;
            case FLOAT64: return double[].class;
            case BOOL: return boolean[].class;
            case STRING: return String[].class;
            default: return GgufArray[].class;
        }
    }
}
