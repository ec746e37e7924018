package io.spate.broker.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.spate.common.TopicId;
import java.util.List;
import java.util.Map;

/**
 * What a node remembers of a topic across restarts: its name, its id, partition count and the config
 * overrides it was given (Kafka key names), and, on a clustered node, which partitions it holds a
 * replica of ({@code hosted}; null = all, as on a single node). Immutable; changes replace it and
 * keep the id.
 *
 * @param topicId on a single node, the topic's id (KIP-516): given at creation, kept in
 *                {@code meta/topics.json}; null only for a topic of a catalogue written before
 *                topic ids until the node gives it one at start ({@link TopicManager}). A clustered
 *                node leaves it null: its topics' ids are in the cluster's metadata image
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TopicMetadata(String name, TopicId topicId, int partitions, Map<String, String> configs,
                            List<Integer> hosted) {
    public TopicMetadata {
        configs = Map.copyOf(configs);
        hosted = hosted == null ? null : List.copyOf(hosted);
    }

    /** A topic all of whose partitions this node holds (a single node's). */
    public TopicMetadata(String name, TopicId topicId, int partitions, Map<String, String> configs) {
        this(name, topicId, partitions, configs, null);
    }

    /** Whether this node holds a replica of {@code partition}. */
    public boolean hosts(int partition) {
        return hosted == null || hosted.contains(partition);
    }

    public TopicMetadata withPartitions(int count, List<Integer> newHosted) {
        return new TopicMetadata(name, topicId, count, configs, newHosted);
    }

    public TopicMetadata withConfigs(Map<String, String> newConfigs) {
        return new TopicMetadata(name, topicId, partitions, newConfigs, hosted);
    }

    public TopicMetadata withTopicId(TopicId id) {
        return new TopicMetadata(name, id, partitions, configs, hosted);
    }
}
