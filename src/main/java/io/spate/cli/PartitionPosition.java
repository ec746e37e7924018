package io.spate.cli;

import io.spate.protocol.TopicPartition;

/**
 * What {@link OffsetResetPlanner} knows of one partition: the group's committed offset, the log's
 * range, and (for {@code --to-datetime}) the log's offset for the asked time.
 *
 * @param committed     the group's committed offset, or null when it has none
 * @param logStart      the log start offset
 * @param logEnd        the log end offset (high watermark)
 * @param offsetForTime the first offset at or after the asked time, or null when there is none or
 *                      no time was asked
 */
record PartitionPosition(TopicPartition partition, Long committed, long logStart, long logEnd, Long offsetForTime) {
}
