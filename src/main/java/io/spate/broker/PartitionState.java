package io.spate.broker;

/** A snapshot of one partition's offsets and size, for DescribeLogDirs. */
public record PartitionState(int partition, long logStartOffset, long logEndOffset, long highWatermark,
                             long sizeBytes, int segmentCount) {
}
