package io.spate.broker.node;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads typed values out of a flat key map and remembers which keys were used, so that whatever is
 * left over can be refused as unknown. Every failure is a {@link ConfigException} naming the key.
 */
final class ConfigReader {
    private final Map<String, Object> remaining;

    ConfigReader(Map<String, ?> settings) {
        this.remaining = new HashMap<>(settings);
    }

    String string(String key, String defaultValue) {
        Object v = remaining.remove(key);
        if (v == null) {
            return defaultValue;
        }
        String s = String.valueOf(v).trim();
        if (s.isEmpty()) {
            throw new ConfigException(key, "must not be empty");
        }
        return s;
    }

    int intValue(String key, int defaultValue, int min, int max) {
        return (int) longValue(key, defaultValue, min, max);
    }

    long longValue(String key, long defaultValue, long min, long max) {
        Object v = remaining.remove(key);
        if (v == null) {
            return defaultValue;
        }
        long n;
        try {
            n = v instanceof Number num && !(v instanceof Double || v instanceof Float)
                    ? num.longValue() : Long.parseLong(String.valueOf(v).trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(key, "must be an integer, got '" + v + "'");
        }
        if (n < min || n > max) {
            throw new ConfigException(key, "must be in " + min + ".." + max + ", got " + n);
        }
        return n;
    }

    boolean bool(String key, boolean defaultValue) {
        Object v = remaining.remove(key);
        if (v == null) {
            return defaultValue;
        }
        String s = String.valueOf(v).trim();
        if (s.equals("true") || s.equals("false")) {
            return Boolean.parseBoolean(s);
        }
        throw new ConfigException(key, "must be true or false, got '" + v + "'");
    }

    <T> T parsed(String key, T defaultValue, Function<String, T> parser) {
        Object v = remaining.remove(key);
        if (v == null) {
            return defaultValue;
        }
        try {
            return parser.apply(String.valueOf(v).trim());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key, e.getMessage());
        }
    }

    /** The raw value of {@code key}, without using it up. */
    Object peek(String key) {
        return remaining.get(key);
    }

    /** Uses {@code key} up and returns {@code value}: for values another reader understood. */
    <T> T consume(String key, T value) {
        remaining.remove(key);
        return value;
    }

    void rejectUnknown() {
        if (!remaining.isEmpty()) {
            String key = remaining.keySet().stream().sorted().findFirst().orElseThrow();
            throw new ConfigException(key, "unknown key (see docs/configuration.md)");
        }
    }
}
