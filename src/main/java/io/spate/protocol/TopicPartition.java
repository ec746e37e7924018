package io.spate.protocol;

/** A topic name and a partition index: the address of one log. */
public record TopicPartition(String topic, int partition) {
    @Override
    public String toString() {
        return topic + "-" + partition;
    }
}
