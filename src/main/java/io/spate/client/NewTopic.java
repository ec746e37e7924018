package io.spate.client;

import java.util.Map;
import java.util.Objects;

/**
 * A topic to create: {@code partitions} and {@code replicationFactor} may be -1 for the cluster's
 * defaults; {@code configs} are topic config overrides by Kafka name (e.g. retention.ms).
 */
public record NewTopic(String name, int partitions, short replicationFactor, Map<String, String> configs) {
    public static final int DEFAULT = -1;

    public NewTopic {
        Objects.requireNonNull(name, "name");
        configs = configs == null ? Map.of() : Map.copyOf(configs);
    }

    public NewTopic(String name, int partitions) {
        this(name, partitions, (short) DEFAULT, Map.of());
    }
}
