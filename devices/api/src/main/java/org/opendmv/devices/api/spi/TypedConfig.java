package org.opendmv.devices.api.spi;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Maps string properties onto a record: the implementation of {@link DeviceInstanceConfig#as(Class)}. */
final class TypedConfig {
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

    private TypedConfig() {
    }

    static <R extends Record> R map(Class<R> type, Map<String, String> properties) {
        if (!type.isRecord()) {
            throw new IllegalArgumentException(type.getName() + " is not a record");
        }
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            types[i] = c.getType();
            values[i] = value(c, properties);
        }
        Constructor<R> ctor;
        try {
            ctor = type.getDeclaredConstructor(types);
            ctor.setAccessible(true);
        } catch (NoSuchMethodException | RuntimeException e) {
            throw new IllegalStateException("no canonical constructor in " + type.getName(), e);
        }
        try {
            return ctor.newInstance(values);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof InvalidConfigurationException) {
                throw (InvalidConfigurationException) cause;
            }
            if (cause instanceof IllegalArgumentException) {
                // the record's own validation: its message is written by the driver for operators
                throw new InvalidConfigurationException(null, cause.getMessage());
            }
            throw new IllegalStateException("constructing " + type.getName() + " failed", cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct " + type.getName(), e);
        }
    }

    private static Object value(RecordComponent c, Map<String, String> properties) {
        ConfigKey k = c.getAnnotation(ConfigKey.class);
        String key = k == null ? c.getName() : k.value();
        DefaultValue d = c.getAnnotation(DefaultValue.class);
        String raw = properties.get(key);
        if (raw == null || raw.isBlank()) {
            raw = d == null ? null : d.value();
        }
        Class<?> t = c.getType();
        if (t == Optional.class) {
            Class<?> inner = typeArgument(c.getGenericType(), key);
            return raw == null || raw.isBlank() ? Optional.empty() : Optional.of(convert(inner, c.getGenericType(), raw.trim(), key));
        }
        if (raw == null) {
            throw new InvalidConfigurationException(key, "missing configuration key '" + key + "'"
                    + " / 缺少配置项 '" + key + "'");
        }
        return convert(t, c.getGenericType(), t == String.class ? raw : raw.trim(), key);
    }

    private static Class<?> typeArgument(Type generic, String key) {
        if (generic instanceof ParameterizedType) {
            Type a = ((ParameterizedType) generic).getActualTypeArguments()[0];
            if (a instanceof Class) {
                return (Class<?>) a;
            }
        }
        throw new IllegalStateException("unsupported generic type of configuration key " + key + ": " + generic);
    }

    @SuppressWarnings({ "unchecked", "rawtypes" })
    private static Object convert(Class<?> t, Type generic, String v, String key) {
        try {
            if (t == String.class) {
                return v;
            }
            if (t == int.class || t == Integer.class) {
                return Integer.parseInt(v);
            }
            if (t == long.class || t == Long.class) {
                return Long.parseLong(v);
            }
            if (t == double.class || t == Double.class) {
                return Double.parseDouble(v);
            }
            if (t == boolean.class || t == Boolean.class) {
                if (v.equalsIgnoreCase("true")) {
                    return Boolean.TRUE;
                }
                if (v.equalsIgnoreCase("false")) {
                    return Boolean.FALSE;
                }
                throw bad(key, "true or false");
            }
            if (t == Duration.class) {
                return duration(v, key);
            }
            if (t == Path.class) {
                return Path.of(v);
            }
            if (t.isEnum()) {
                for (Object e : t.getEnumConstants()) {
                    if (((Enum<?>) e).name().equalsIgnoreCase(v)) {
                        return e;
                    }
                }
                List<String> names = new ArrayList<>();
                for (Object e : t.getEnumConstants()) {
                    names.add(((Enum) e).name());
                }
                throw bad(key, "one of " + names);
            }
            if (t == List.class) {
                Class<?> inner = typeArgument(generic, key);
                if (inner == List.class || inner == Optional.class) {
                    throw new IllegalStateException("unsupported element type of configuration key " + key);
                }
                List<Object> out = new ArrayList<>();
                for (String s : v.split(",")) {
                    if (!s.isBlank()) {
                        out.add(convert(inner, inner, s.trim(), key));
                    }
                }
                return List.copyOf(out);
            }
        } catch (NumberFormatException e) {
            throw bad(key, t == int.class || t == Integer.class || t == long.class || t == Long.class ? "an integer"
                    : "a number");
        } catch (InvalidPathException e) {
            throw bad(key, "a file path");
        }
        throw new IllegalStateException("unsupported type " + t.getName() + " of configuration key " + key);
    }

    private static Duration duration(String v, String key) {
        Matcher m = SHORT_DURATION.matcher(v.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            switch (m.group(2)) {
                case "ms":
                    return Duration.ofMillis(n);
                case "s":
                    return Duration.ofSeconds(n);
                case "m":
                    return Duration.ofMinutes(n);
                default:
                    return Duration.ofHours(n);
            }
        }
        try {
            return Duration.parse(v);
        } catch (DateTimeParseException e) {
            throw bad(key, "a duration such as 500ms, 5s, 2m or PT5S");
        }
    }

    /** The message names the key and what was expected, never the value. */
    private static InvalidConfigurationException bad(String key, String expected) {
        return new InvalidConfigurationException(key, "configuration key '" + key + "' must be " + expected
                + " / 配置项 '" + key + "' 的值无效");
    }
}
