package io.spate.cluster;

import java.util.List;
import java.util.Map;

/**
 * A topic in the cluster's metadata: its config overrides (Kafka key names) and its partitions,
 * index = partition number.
 */
public record TopicState(String name, Map<String, String> configs, List<PartitionState> partitions) {
    public TopicState {
        configs = Map.copyOf(configs);
        partitions = List.copyOf(partitions);
    }

    public int replicationFactor() {
        return partitions.isEmpty() ? 0 : partitions.get(0).replicas().size();
    }
}
