package io.spate.cli;

import io.spate.protocol.TopicPartition;

/**
 * One line of a reset plan: the partition, the group's offset now (null when nothing is committed)
 * and the offset it will be set to.
 */
record PlannedReset(TopicPartition partition, Long currentOffset, long newOffset) {
}
