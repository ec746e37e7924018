package io.spate.protocol;

import java.util.Objects;

/**
 * A topic name and a partition index: the address of one log, shared by broker and client.
 * Any index is representable (the broker answers a negative or unknown one with
 * UNKNOWN_TOPIC_OR_PARTITION); client APIs validate what users pass.
 */
public record TopicPartition(String topic, int partition) implements Comparable<TopicPartition> {
    public TopicPartition {
        Objects.requireNonNull(topic, "topic");
    }

    @Override
    public int compareTo(TopicPartition o) {
        int c = topic.compareTo(o.topic);
        return c != 0 ? c : Integer.compare(partition, o.partition);
    }

    @Override
    public String toString() {
        return topic + "-" + partition;
    }
}
