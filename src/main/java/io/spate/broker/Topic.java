package io.spate.broker;

import io.spate.log.LogConfig;
import java.util.List;

/**
 * A live topic: its catalogue entry, effective settings and one writer per partition. Immutable;
 * the {@link TopicManager} publishes a new one on every change, so request handlers on any context
 * can read it without locks.
 */
public record Topic(TopicMetadata metadata, LogConfig config, List<PartitionWriter> partitions) {
    public Topic {
        partitions = List.copyOf(partitions);
    }

    public String name() {
        return metadata.name();
    }

    /** The writer of {@code partition}, or null when the topic has no such partition. */
    public PartitionWriter partition(int partition) {
        return partition >= 0 && partition < partitions.size() ? partitions.get(partition) : null;
    }
}
