package dev.lmql.backend.local.gguf;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The key/value metadata of a GGUF file, in file order, with typed accessors.
 *
 * <p>Integer getters accept any integer type whose value fits; float getters accept f32, f64 and integers.
 * A missing key or a value of the wrong type throws a {@link GgufFormatException} naming the file and the key;
 * the overloads with a default return the default only when the key is absent.
 */
public final class GgufMetadata {
    /** One value with its declared type; scalars are Long, Float, Double, Boolean or String. */
    record Value(GgufValueType type, Object value) {
    }

    private final Path file;
    private final Map<String, Value> values;

    GgufMetadata(Path file, Map<String, Value> values) {
        this.file = file;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** All keys in file order. */
    public Set<String> keys() {
        return values.keySet();
    }

    /** Whether the key is present. */
    public boolean contains(String key) {
        return values.containsKey(key);
    }

    /** The declared type of a key's value, if present. */
    public Optional<GgufValueType> type(String key) {
        Value v = values.get(key);
        return v == null ? Optional.empty() : Optional.of(v.type());
    }

    /**
     * The raw value: {@code Long} for every integer type (u64 keeps its bit pattern), {@code Float},
     * {@code Double}, {@code Boolean}, {@code String} or {@link GgufArray}; {@code null} when absent.
     */
    public Object get(String key) {
        Value v = values.get(key);
        return v == null ? null : v.value();
    }

    /** A string value. */
    public String getString(String key) {
        return string(require(key));
    }

    /** A string value, or {@code defaultValue} when the key is absent. */
    public String getString(String key, String defaultValue) {
        Value v = values.get(key);
        return v == null ? defaultValue : string(key, v);
    }

    /** An integer value that fits in an int. */
    public int getInt(String key) {
        return toInt(key, getLong(key));
    }

    /** An integer value that fits in an int, or {@code defaultValue} when the key is absent. */
    public int getInt(String key, int defaultValue) {
        return contains(key) ? getInt(key) : defaultValue;
    }

    /** An integer value (u64 values above {@code Long.MAX_VALUE} are rejected). */
    public long getLong(String key) {
        Value v = values.get(require(key));
        if (!v.type().isInteger()) {
            throw wrongType(key, v, "an integer");
        }
        long l = (Long) v.value();
        if (v.type() == GgufValueType.UINT64 && l < 0) {
            throw new GgufFormatException(file, "metadata key '" + key + "' = " + Long.toUnsignedString(l)
                    + " is too large for a signed 64-bit integer");
        }
        return l;
    }

    /** An integer value, or {@code defaultValue} when the key is absent. */
    public long getLong(String key, long defaultValue) {
        return contains(key) ? getLong(key) : defaultValue;
    }

    /** A numeric value as a float. */
    public float getFloat(String key) {
        return (float) getDouble(key);
    }

    /** A numeric value as a float, or {@code defaultValue} when the key is absent. */
    public float getFloat(String key, float defaultValue) {
        return contains(key) ? getFloat(key) : defaultValue;
    }

    /** A numeric value as a double. */
    public double getDouble(String key) {
        Value v = values.get(require(key));
        if (v.type() == GgufValueType.FLOAT32) {
            return (Float) v.value();
        }
        if (v.type() == GgufValueType.FLOAT64) {
            return (Double) v.value();
        }
        if (v.type().isInteger()) {
            return getLong(key);
        }
        throw wrongType(key, v, "a number");
    }

    /** A boolean value. */
    public boolean getBoolean(String key) {
        Value v = values.get(require(key));
        if (v.type() != GgufValueType.BOOL) {
            throw wrongType(key, v, "a boolean");
        }
        return (Boolean) v.value();
    }

    /** A boolean value, or {@code defaultValue} when the key is absent. */
    public boolean getBoolean(String key, boolean defaultValue) {
        return contains(key) ? getBoolean(key) : defaultValue;
    }

    /** An array value. */
    public GgufArray getArray(String key) {
        Value v = values.get(require(key));
        if (v.type() != GgufValueType.ARRAY) {
            throw wrongType(key, v, "an array");
        }
        return (GgufArray) v.value();
    }

    /** An array of strings. */
    public List<String> getStringArray(String key) {
        GgufArray a = getArray(key);
        try {
            return a.asStrings();
        } catch (IllegalStateException e) {
            throw wrongArray(key, a, e);
        }
    }

    /** An array of numbers as floats. */
    public float[] getFloatArray(String key) {
        GgufArray a = getArray(key);
        try {
            return a.asFloats();
        } catch (IllegalStateException e) {
            throw wrongArray(key, a, e);
        }
    }

    /** An array of integers that fit in an int. */
    public int[] getIntArray(String key) {
        GgufArray a = getArray(key);
        try {
            return a.asInts();
        } catch (IllegalStateException e) {
            throw wrongArray(key, a, e);
        }
    }

    Map<String, Value> entries() {
        return values;
    }

    private String require(String key) {
        if (!values.containsKey(key)) {
            throw new GgufFormatException(file, "metadata key '" + key + "' is missing (the file has "
                    + values.size() + " keys; is this the right kind of model file?)");
        }
        return key;
    }

    private String string(String key) {
        return string(key, values.get(key));
    }

    private String string(String key, Value v) {
        if (v.type() != GgufValueType.STRING) {
            throw wrongType(key, v, "a string");
        }
        return (String) v.value();
    }

    private int toInt(String key, long l) {
        if (l != (int) l) {
            throw new GgufFormatException(file, "metadata key '" + key + "' = " + l + " does not fit in a 32-bit int");
        }
        return (int) l;
    }

    private GgufFormatException wrongType(String key, Value v, String expected) {
        return new GgufFormatException(file, "metadata key '" + key + "' has type " + v.type()
                + ", expected " + expected);
    }

    private GgufFormatException wrongArray(String key, GgufArray a, IllegalStateException cause) {
        GgufFormatException e = new GgufFormatException(file, "metadata key '" + key + "': " + cause.getMessage());
        e.initCause(cause);
        return e;
    }

    @Override
    public String toString() {
        return "GgufMetadata" + values.keySet();
    }
}
