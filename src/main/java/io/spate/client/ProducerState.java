package io.spate.client;

/**
 * A producer a partition's leader keeps state for (DescribeProducers): its epoch, last sequence and
 * timestamp, the epoch of the coordinator that wrote its last marker, and the first offset of its
 * open transaction in the partition ({@code -1}: none open).
 */
public record ProducerState(long producerId, int producerEpoch, int lastSequence, long lastTimestamp,
                            int coordinatorEpoch, long currentTransactionStartOffset) {
}
