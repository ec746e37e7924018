package io.spate.broker.core;

/**
 * What a partition's leader keeps of one producer (DescribeProducers).
 *
 * @param lastSequence          the sequence of its newest batch, -1 if none is remembered
 * @param lastTimestamp         the timestamp of its newest batch or marker, -1 if none
 * @param coordinatorEpoch      of its last transaction marker here, -1 before any
 * @param currentTxnStartOffset the first offset of its open transaction here, -1 if none is open
 */
public record ProducerDescription(long producerId, int producerEpoch, int lastSequence, long lastTimestamp,
                                  int coordinatorEpoch, long currentTxnStartOffset) {
}
