package io.spate.broker.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * What a node remembers of a topic across restarts: its name, partition count and the config
 * overrides it was given (Kafka key names), and, on a clustered node, which partitions it holds a
 * replica of ({@code hosted}; null = all, as on a single node). Immutable; changes replace it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TopicMetadata(String name, int partitions, Map<String, String> configs, List<Integer> hosted) {
    public TopicMetadata {
        configs = Map.copyOf(configs);
        hosted = hosted == null ? null : List.copyOf(hosted);
    }

    public TopicMetadata(String name, int partitions, Map<String, String> configs) {
        this(name, partitions, configs, null);
    }

    /** Whether this node holds a replica of {@code partition}. */
    public boolean hosts(int partition) {
        return hosted == null || hosted.contains(partition);
    }

    public TopicMetadata withPartitions(int count, List<Integer> newHosted) {
        return new TopicMetadata(name, count, configs, newHosted);
    }

    public TopicMetadata withConfigs(Map<String, String> newConfigs) {
        return new TopicMetadata(name, partitions, newConfigs, hosted);
    }
}
