package io.spate.log;

/**
 * One idempotent batch as the producer state remembers it: its sequence range and the offsets it got.
 *
 * @param firstSeq     the batch's baseSequence
 * @param lastSeq      baseSequence + lastOffsetDelta, wrapped past {@link Integer#MAX_VALUE} to 0
 * @param firstOffset  the offset its first record got
 * @param lastOffset   the offset its last record got
 * @param maxTimestamp the batch's maxTimestamp as stored (the broker's append time on a LogAppendTime topic)
 */
public record BatchMetadata(int firstSeq, int lastSeq, long firstOffset, long lastOffset, long maxTimestamp) {
}
