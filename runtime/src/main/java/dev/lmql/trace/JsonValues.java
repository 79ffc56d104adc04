package dev.lmql.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * Converts the Java values backends hand to {@link Tracer#event} into JSON. Nothing is dropped: types without a
 * JSON form are recorded by their {@code toString()}.
 */
final class JsonValues {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonValues() {
    }

    static JsonNode toNode(Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof JsonNode) {
            return ((JsonNode) value).deepCopy();
        }
        if (value instanceof CharSequence || value instanceof Character) {
            return NODES.textNode(value.toString());
        }
        if (value instanceof Boolean) {
            return NODES.booleanNode((Boolean) value);
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return NODES.numberNode(((Number) value).intValue());
        }
        if (value instanceof Long) {
            return NODES.numberNode((Long) value);
        }
        if (value instanceof BigInteger) {
            return NODES.numberNode((BigInteger) value);
        }
        if (value instanceof BigDecimal) {
            return NODES.numberNode((BigDecimal) value);
        }
        if (value instanceof Float || value instanceof Double) {
            return floating(((Number) value).doubleValue());
        }
        if (value instanceof Number) {
            return NODES.textNode(value.toString());
        }
        if (value instanceof Enum<?>) {
            return NODES.textNode(((Enum<?>) value).name());
        }
        if (value instanceof Optional<?>) {
            return toNode(((Optional<?>) value).orElse(null));
        }
        if (value instanceof Map<?, ?>) {
            ObjectNode out = NODES.objectNode();
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                out.set(String.valueOf(entry.getKey()), toNode(entry.getValue()));
            }
            return out;
        }
        if (value instanceof Collection<?>) {
            ArrayNode out = NODES.arrayNode();
            for (Object element : (Collection<?>) value) {
                out.add(toNode(element));
            }
            return out;
        }
        if (value.getClass().isArray()) {
            return array(value);
        }
        if (value.getClass().isRecord()) {
            return record(value);
        }
        return NODES.textNode(value.toString());
    }

    /** Non-finite numbers (e.g. a log-probability of minus infinity) have no JSON form; they become strings. */
    private static JsonNode floating(double d) {
        if (Double.isFinite(d)) {
            return NODES.numberNode(d);
        }
        return NODES.textNode(Double.toString(d));
    }

    private static JsonNode array(Object array) {
        ArrayNode out = NODES.arrayNode();
        if (array instanceof int[]) {
            for (int v : (int[]) array) {
                out.add(v);
            }
        } else if (array instanceof long[]) {
            for (long v : (long[]) array) {
                out.add(v);
            }
        } else if (array instanceof float[]) {
            for (float v : (float[]) array) {
                out.add(floating(v));
            }
        } else if (array instanceof double[]) {
            for (double v : (double[]) array) {
                out.add(floating(v));
            }
        } else if (array instanceof boolean[]) {
            for (boolean v : (boolean[]) array) {
                out.add(v);
            }
        } else if (array instanceof short[]) {
            for (short v : (short[]) array) {
                out.add(v);
            }
        } else if (array instanceof byte[]) {
            for (byte v : (byte[]) array) {
                out.add(v & 0xff);
            }
        } else if (array instanceof char[]) {
            return NODES.textNode(new String((char[]) array));
        } else {
            for (Object v : (Object[]) array) {
                out.add(toNode(v));
            }
        }
        return out;
    }

    private static JsonNode record(Object record) {
        ObjectNode out = NODES.objectNode();
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            try {
                component.getAccessor().setAccessible(true);
                out.set(component.getName(), toNode(component.getAccessor().invoke(record)));
            } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
                out.put(component.getName(), "<unreadable: " + e.getClass().getSimpleName() + ">");
            }
        }
        return out;
    }
}
