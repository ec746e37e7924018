package io.spate.broker.core;

import io.spate.log.LogConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A live topic: its catalogue entry, effective settings and one writer per partition this node
 * holds a replica of (null for the partitions it does not; a single node holds all). Immutable;
 * the {@link TopicManager} publishes a new one on every change, so request handlers on any context
 * can read it without locks.
 */
public record Topic(TopicMetadata metadata, LogConfig config, List<PartitionWriter> partitions) {
    public Topic {
        partitions = Collections.unmodifiableList(new ArrayList<>(partitions));
    }

    public String name() {
        return metadata.name();
    }

    /** The writer of {@code partition}, or null when the topic has no such partition here. */
    public PartitionWriter partition(int partition) {
        return partition >= 0 && partition < partitions.size() ? partitions.get(partition) : null;
    }

    /** The writers of the partitions held here. */
    public List<PartitionWriter> hosted() {
        List<PartitionWriter> out = new ArrayList<>(partitions.size());
        for (PartitionWriter w : partitions) {
            if (w != null) {
                out.add(w);
            }
        }
        return out;
    }
}
