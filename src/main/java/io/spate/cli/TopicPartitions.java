package io.spate.cli;

import io.spate.client.PartitionInfo;
import io.spate.client.TopicDescription;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.TopicPartition;
import java.util.List;

/** The partitions of a described topic, for commands that take {@code --partition}. */
final class TopicPartitions {
    private TopicPartitions() {
    }

    /** Every partition of the topic, in order. */
    static List<TopicPartition> all(TopicDescription topic) {
        return topic.partitions().stream().map(p -> new TopicPartition(topic.name(), p.partition())).toList();
    }

    /**
     * The partition numbered {@code partition}; a {@link io.spate.protocol.SpateException} with
     * UNKNOWN_TOPIC_OR_PARTITION saying how many there are when the topic has no such partition.
     */
    static PartitionInfo check(TopicDescription topic, int partition) {
        for (PartitionInfo p : topic.partitions()) {
            if (p.partition() == partition) {
                return p;
            }
        }
        int n = topic.partitions().size();
        throw ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.exception("topic '" + topic.name() + "' has " + n + " partition"
                + (n == 1 ? "" : "s") + ", no partition " + partition);
    }
}
