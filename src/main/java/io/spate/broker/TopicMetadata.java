package io.spate.broker;

import java.util.Map;

/**
 * What a node remembers of a topic across restarts: its name, partition count and the config
 * overrides it was given (Kafka key names). Immutable; changes replace it.
 */
public record TopicMetadata(String name, int partitions, Map<String, String> configs) {
    public TopicMetadata {
        configs = Map.copyOf(configs);
    }

    public TopicMetadata withPartitions(int count) {
        return new TopicMetadata(name, count, configs);
    }

    public TopicMetadata withConfigs(Map<String, String> newConfigs) {
        return new TopicMetadata(name, partitions, newConfigs);
    }
}
