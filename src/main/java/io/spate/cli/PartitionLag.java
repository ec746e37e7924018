package io.spate.cli;

import io.spate.protocol.TopicPartition;

/**
 * One partition of a described group: its committed offset (null: nothing committed), the log end
 * offset (null: the topic no longer exists) and the member it is assigned to (null: none).
 */
record PartitionLag(TopicPartition partition, Long currentOffset, Long logEndOffset, String memberId) {
    /** Log end − committed; null when either is unknown. */
    Long lag() {
        return currentOffset == null || logEndOffset == null ? null : logEndOffset - currentOffset;
    }
}
