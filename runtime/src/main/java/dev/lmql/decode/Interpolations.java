package dev.lmql.decode;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Map;

/**
 * Resolves {@code {param}} and {@code {param.accessor.more}} against the call's arguments: an accessor is a map
 * key, a record component, a getter ({@code getName()} / {@code isName()}) or a public no-argument method. An
 * argument named by the whole dotted path (as a replay passes a recorded value) answers the accessor directly.
 */
final class Interpolations {
    private Interpolations() {
    }

    static Object resolve(String parameter, List<String> accessors, Map<String, Object> args) {
        if (!accessors.isEmpty()) {
            // a replay passes the recorded value under the dotted path (parameter names contain no dots)
            String path = parameter + "." + String.join(".", accessors);
            if (args.containsKey(path)) {
                return args.get(path);
            }
        }
        if (!args.containsKey(parameter)) {
            throw new IllegalArgumentException("the query uses {" + parameter + "} but no argument \"" + parameter
                    + "\" was given; arguments: " + args.keySet());
        }
        Object value = args.get(parameter);
        String path = parameter;
        for (String accessor : accessors) {
            if (value == null) {
                throw new IllegalArgumentException("cannot read ." + accessor + " of {" + path + "}: it is null");
            }
            value = access(value, accessor, path);
            path = path + "." + accessor;
        }
        return value;
    }

    /** The text a value contributes to the prompt: {@code String.valueOf}, so {@code null} prints as null. */
    static String text(Object value) {
        return String.valueOf(value);
    }

    private static Object access(Object target, String name, String path) {
        if (target instanceof Map) {
            Map<?, ?> map = (Map<?, ?>) target;
            if (!map.containsKey(name)) {
                throw new IllegalArgumentException("{" + path + "} is a map without the key \"" + name + "\"; keys: "
                        + map.keySet());
            }
            return map.get(name);
        }
        Class<?> type = target.getClass();
        try {
            if (type.isRecord()) {
                for (RecordComponent c : type.getRecordComponents()) {
                    if (c.getName().equals(name)) {
                        Method m = c.getAccessor();
                        m.setAccessible(true);
                        return m.invoke(target);
                    }
                }
            }
            String cap = Character.toUpperCase(name.charAt(0)) + name.substring(1);
            for (String candidate : List.of("get" + cap, "is" + cap, name)) {
                Method m = publicMethod(type, candidate);
                if (m != null) {
                    return m.invoke(target);
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalArgumentException("cannot read ." + name + " of {" + path + "} ("
                    + type.getName() + "): " + e, e);
        }
        throw new IllegalArgumentException("{" + path + "} of type " + type.getName() + " has no record component, "
                + "getter or method named \"" + name + "\"");
    }

    private static Method publicMethod(Class<?> type, String name) {
        try {
            Method m = type.getMethod(name);
            if (m.getReturnType() == void.class) {
                return null;
            }
            m.setAccessible(true);
            return m;
        } catch (NoSuchMethodException e) {
            return null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
