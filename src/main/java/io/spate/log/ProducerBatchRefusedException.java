package io.spate.log;

/**
 * {@link PartitionLog#append} refused a batch of an idempotent producer (producerId {@code >= 0}), or
 * {@link PartitionLog#appendTxnMarker} a transaction marker, on the rules of the
 * {@link ProducerStateManager}; nothing was written and the producer state is unchanged.
 * The broker answers it with the wire error of its {@link Reason}.
 */
public final class ProducerBatchRefusedException extends RuntimeException {
    /** Why the batch was refused. */
    public enum Reason {
        /** The batch's baseSequence does not follow the producer's last one (a gap, or not 0 for a new epoch). */
        OUT_OF_ORDER_SEQUENCE,
        /** The batch's producerEpoch is below the one the partition knows for the producer id (a zombie). */
        INVALID_PRODUCER_EPOCH,
        /** The payload holds an idempotent batch and other batches: it must be that one batch alone. */
        MORE_THAN_ONE_BATCH,
        /** A non-transactional batch of a producer whose transaction is open in the partition. */
        INVALID_TXN_STATE,
        /** A transaction marker from a coordinator epoch below the one of the producer's last marker here. */
        TRANSACTION_COORDINATOR_FENCED
    }

    private final Reason reason;
    private final String partition;
    private final long producerId;
    private final short producerEpoch;

    ProducerBatchRefusedException(Reason reason, String partition, long producerId, short producerEpoch, String detail) {
        super(partition + ": producer " + producerId + " epoch " + producerEpoch + ": " + detail);
        this.reason = reason;
        this.partition = partition;
        this.producerId = producerId;
        this.producerEpoch = producerEpoch;
    }

    public Reason reason() {
        return reason;
    }

    /** {@code <topic>-<partition>}. */
    public String partition() {
        return partition;
    }

    public long producerId() {
        return producerId;
    }

    public short producerEpoch() {
        return producerEpoch;
    }
}
