package io.spate.cluster;

import io.spate.common.TopicId;
import java.util.List;
import java.util.Map;

/**
 * A topic in the cluster's metadata: its id, its config overrides (Kafka key names) and its
 * partitions, index = partition number.
 *
 * @param topicId the topic's id (KIP-516), given in the image that creates the topic and carried by
 *                every later change of it ({@link #withConfigs}, {@link #withPartitions}); null =
 *                unknown yet: a topic of an image written before topic ids, until the controller
 *                commits one for it ({@link TopicIds#assignMissing})
 */
public record TopicState(String name, TopicId topicId, Map<String, String> configs, List<PartitionState> partitions) {
    public TopicState {
        configs = Map.copyOf(configs);
        partitions = List.copyOf(partitions);
    }

    public int replicationFactor() {
        return partitions.isEmpty() ? 0 : partitions.get(0).replicas().size();
    }

    /** This topic (same id) with other config overrides. */
    public TopicState withConfigs(Map<String, String> newConfigs) {
        return new TopicState(name, topicId, newConfigs, partitions);
    }

    /** This topic (same id) with other partition states. */
    public TopicState withPartitions(List<PartitionState> newPartitions) {
        return new TopicState(name, topicId, configs, newPartitions);
    }

    /** This topic with {@code id} (for a topic without one: {@link TopicIds#assignMissing}). */
    public TopicState withTopicId(TopicId id) {
        return new TopicState(name, id, configs, partitions);
    }
}
