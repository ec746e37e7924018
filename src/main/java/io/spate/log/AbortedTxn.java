package io.spate.log;

/**
 * An aborted transaction of one producer in one partition, as its segment's {@link TransactionIndex}
 * keeps it (Kafka's {@code AbortedTxn}).
 *
 * @param producerId       the producer
 * @param firstOffset      the offset of the transaction's first batch in the partition
 * @param lastOffset       the offset of its ABORT marker
 * @param lastStableOffset the partition's last stable offset just after the marker: once an entry with a
 *                         value at or above a fetch's end is read, no later entry can concern that fetch
 */
public record AbortedTxn(long producerId, long firstOffset, long lastOffset, long lastStableOffset) {
}
