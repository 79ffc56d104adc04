package dev.lmql.backend.local.gguf;

import java.util.Arrays;

/**
 * Where a tensor lives in a GGUF file and what it holds.
 *
 * <p>Dimensions are in ggml order: {@code dimension(0)} is the innermost (contiguous) one, i.e. the row
 * length of a matrix; a weight matrix of {@code rows x cols} has {@code dimensions() = [cols, rows]}.
 */
public final class GgufTensorInfo {
    private final String name;
    private final long[] dimensions;
    private final GgmlType type;
    private final long offset;
    private final long elementCount;
    private final long byteSize;

    /**
     * Creates a tensor info.
     *
     * @param offset byte offset of the data relative to the start of the file's data section
     * @throws IllegalArgumentException if a dimension is negative, the element count overflows, or the
     *     innermost dimension is not a whole number of blocks of {@code type}
     */
    public GgufTensorInfo(String name, long[] dimensions, GgmlType type, long offset) {
        this.name = name;
        this.dimensions = dimensions.clone();
        this.type = type;
        this.offset = offset;
        long count = 1;
        for (long d : this.dimensions) {
            if (d < 0) {
                throw new IllegalArgumentException("tensor '" + name + "' has a negative dimension in "
                        + Arrays.toString(dimensions));
            }
            try {
                count = Math.multiplyExact(count, d);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("tensor '" + name + "' has dimensions "
                        + Arrays.toString(dimensions) + " whose product overflows a 64-bit integer");
            }
        }
        if (this.dimensions.length > 0 && this.dimensions[0] % type.blockSize() != 0) {
            throw new IllegalArgumentException("tensor '" + name + "' of type " + type + " has row length "
                    + this.dimensions[0] + ", not a multiple of the block size " + type.blockSize());
        }
        this.elementCount = count;
        try {
            this.byteSize = type.byteSize(count);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("tensor '" + name + "' of " + count + " elements is too large");
        }
    }

    /** The tensor's name, e.g. {@code blk.0.attn_q.weight}. */
    public String name() {
        return name;
    }

    /** A copy of the dimensions, innermost first. */
    public long[] dimensions() {
        return dimensions.clone();
    }

    /** Number of dimensions. */
    public int dimensionCount() {
        return dimensions.length;
    }

    /** Dimension {@code i} (innermost first); 1 beyond the stored dimensions, as in ggml. */
    public long dimension(int i) {
        return i < dimensions.length ? dimensions[i] : 1;
    }

    /** The element type. */
    public GgmlType type() {
        return type;
    }

    /** Byte offset relative to the start of the data section. */
    public long offset() {
        return offset;
    }

    /** Product of the dimensions. */
    public long elementCount() {
        return elementCount;
    }

    /** Bytes of tensor data. */
    public long byteSize() {
        return byteSize;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof GgufTensorInfo)) {
            return false;
        }
        GgufTensorInfo t = (GgufTensorInfo) o;
        return name.equals(t.name) && Arrays.equals(dimensions, t.dimensions) && type == t.type && offset == t.offset;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(dimensions);
    }

    @Override
    public String toString() {
        return name + " " + type + Arrays.toString(dimensions) + " @" + offset;
    }
}
