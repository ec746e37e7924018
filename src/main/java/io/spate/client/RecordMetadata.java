package io.spate.client;

import io.spate.protocol.TopicPartition;

/**
 * Where a sent record landed: its partition and offset (-1 when sent with acks=0, which gets no
 * answer), and its timestamp (the broker's append time for a LogAppendTime topic, else the record's).
 */
public record RecordMetadata(TopicPartition topicPartition, long offset, long timestamp) {
    /** The offset reported for a record sent with acks=0. */
    public static final long UNKNOWN_OFFSET = -1L;
}
