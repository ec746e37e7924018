package io.spate.broker.kafka;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * This node's own configuration as the admin APIs show it (DescribeConfigs of a BROKER resource,
 * DescribeLogDirs' log dir, CreateTopics' defaults): every key with its effective value, and the value
 * each key has when nothing sets it. Node configs are static (read at start), so every one is read-only.
 *
 * @param values   every key with its effective value (a Number, Boolean or String)
 * @param defaults the value of each key when no file or {@code --set} names it
 */
public record KafkaNodeConfig(Map<String, Object> values, Map<String, Object> defaults) {
    /** The key naming the node's data directory: its one log dir. */
    static final String DATA_DIR = "data.dir";

    public KafkaNodeConfig {
        values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
        defaults = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(defaults));
    }

    /** The effective value of {@code key} as a string, or null when the node has no such key. */
    String value(String key) {
        Object v = values.get(key);
        return v == null ? null : String.valueOf(v);
    }

    /** Whether the node's configuration sets {@code key} to something else than its default. */
    boolean overridden(String key) {
        return values.containsKey(key) && !String.valueOf(values.get(key)).equals(String.valueOf(defaults.get(key)));
    }

    /** An int-valued key, or {@code fallback} when it is absent or not a number. */
    int intValue(String key, int fallback) {
        return values.get(key) instanceof Number n ? n.intValue() : fallback;
    }
}
