package io.spate.group;

/**
 * The transactional producer a TxnOffsetCommit comes from: its offsets wait for this producer id's
 * COMMIT or ABORT marker. The epoch is written in the batch, so the offsets topic's producer state
 * fences a commit from an older epoch as it fences the producer's own batches.
 *
 * @param transactionalId the producer's transactional.id (not empty)
 * @param producerId      its producer id (>= 0)
 * @param producerEpoch   its current epoch (>= 0)
 */
public record TxnProducer(String transactionalId, long producerId, short producerEpoch) {
}
