package io.spate.broker.core;

/** A snapshot of one partition's offsets and size, for DescribeLogDirs. */
public record PartitionLogState(int partition, long logStartOffset, long logEndOffset, long highWatermark,
                             long sizeBytes, int segmentCount) {
}
