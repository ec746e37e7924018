package io.spate.txn;

import io.spate.protocol.TopicPartition;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the coordinator knows of one transactional id, immutable: a change is a new value, written
 * to {@code __transaction_state} before it replaces the old one. The {@code to...} methods are the
 * transitions of {@link TxnState} and throw {@link IllegalStateException} on a move it does not allow.
 *
 * @param producerId        the id the producer writes with now
 * @param lastProducerId    the id before the last rotation (epoch exhausted), or -1; not stored
 *                          (Kafka's value version 0 has no field for it), so -1 after a reload
 * @param producerEpoch     the epoch the producer writes with now; -1 before the first InitProducerId
 * @param lastProducerEpoch the epoch before the last bump, or -1; not stored either
 * @param txnTimeoutMs      the producer's transaction.timeout.ms
 * @param partitions        the partitions of the open (or ending) transaction, sorted
 * @param txnStartMs        when the open transaction began (its first AddPartitions), -1 if none did
 * @param lastUpdateMs      when this value was made
 */
public record TxnMetadata(String transactionalId, long producerId, long lastProducerId, short producerEpoch,
                          short lastProducerEpoch, int txnTimeoutMs, TxnState state, Set<TopicPartition> partitions,
                          long txnStartMs, long lastUpdateMs) {
    /** Kafka bumps to a new producer id once the epoch would reach this (Short.MAX_VALUE - 1). */
    public static final short MAX_EPOCH = Short.MAX_VALUE - 1;
    public static final short NO_EPOCH = -1;
    public static final long NO_PRODUCER_ID = -1;

    public TxnMetadata {
        partitions = java.util.Collections.unmodifiableSet(new TreeSet<>(partitions));
    }

    /** A new transactional id with producer id {@code producerId}, at epoch 0, Empty. */
    public static TxnMetadata created(String transactionalId, long producerId, int txnTimeoutMs, long nowMs) {
        return new TxnMetadata(transactionalId, producerId, NO_PRODUCER_ID, (short) 0, NO_EPOCH, txnTimeoutMs,
                TxnState.EMPTY, Set.of(), -1, nowMs);
    }

    /** Whether the epoch reached {@link #MAX_EPOCH}: the next InitProducerId rotates to a new producer id. */
    public boolean epochExhausted() {
        return producerEpoch >= MAX_EPOCH;
    }

    /** InitProducerId on an idle id: the epoch bumped, Empty, no partitions. */
    public TxnMetadata toEmptyWithBumpedEpoch(int timeoutMs, long nowMs) {
        check(TxnState.EMPTY);
        return new TxnMetadata(transactionalId, producerId, lastProducerId, (short) (producerEpoch + 1), producerEpoch,
                timeoutMs, TxnState.EMPTY, Set.of(), -1, nowMs);
    }

    /** InitProducerId on an idle id whose epoch is exhausted: a new producer id at epoch 0. */
    public TxnMetadata toEmptyWithNewProducerId(long newProducerId, int timeoutMs, long nowMs) {
        check(TxnState.EMPTY);
        return new TxnMetadata(transactionalId, newProducerId, producerId, (short) 0, producerEpoch, timeoutMs,
                TxnState.EMPTY, Set.of(), -1, nowMs);
    }

    /** AddPartitionsToTxn: Ongoing with {@code added} joined; a transaction that was not open starts now. */
    public TxnMetadata toOngoing(Collection<TopicPartition> added, long nowMs) {
        check(TxnState.ONGOING);
        Set<TopicPartition> all = new TreeSet<>(partitions);
        all.addAll(added);
        return new TxnMetadata(transactionalId, producerId, lastProducerId, producerEpoch, lastProducerEpoch,
                txnTimeoutMs, TxnState.ONGOING, all, state == TxnState.ONGOING ? txnStartMs : nowMs, nowMs);
    }

    /** EndTxn: PrepareCommit or PrepareAbort, the partitions kept for the markers. */
    public TxnMetadata toPrepare(boolean commit, long nowMs) {
        TxnState next = commit ? TxnState.PREPARE_COMMIT : TxnState.PREPARE_ABORT;
        check(next);
        return new TxnMetadata(transactionalId, producerId, lastProducerId, producerEpoch, lastProducerEpoch,
                txnTimeoutMs, next, partitions, txnStartMs, nowMs);
    }

    /**
     * Fencing (a new producer instance, or a timed-out transaction): PrepareAbort with the epoch
     * bumped, so the old instance's requests are refused; at an exhausted epoch the epoch stays (as Kafka).
     */
    public TxnMetadata toFencedAbort(long nowMs) {
        check(TxnState.PREPARE_EPOCH_FENCE);
        short epoch = producerEpoch >= MAX_EPOCH ? producerEpoch : (short) (producerEpoch + 1);
        return new TxnMetadata(transactionalId, producerId, lastProducerId, epoch, producerEpoch, txnTimeoutMs,
                TxnState.PREPARE_ABORT, partitions, txnStartMs, nowMs);
    }

    /** Every marker written: CompleteCommit or CompleteAbort, no partitions. */
    public TxnMetadata toComplete(long nowMs) {
        TxnState next = switch (state) {
            case PREPARE_COMMIT -> TxnState.COMPLETE_COMMIT;
            case PREPARE_ABORT -> TxnState.COMPLETE_ABORT;
            default -> throw new IllegalStateException(transactionalId + ": cannot complete from " + state);
        };
        return new TxnMetadata(transactionalId, producerId, lastProducerId, producerEpoch, lastProducerEpoch,
                txnTimeoutMs, next, Set.of(), txnStartMs, nowMs);
    }

    /** Expiry: Dead (written as a tombstone). */
    public TxnMetadata toDead(long nowMs) {
        check(TxnState.DEAD);
        return new TxnMetadata(transactionalId, producerId, lastProducerId, producerEpoch, lastProducerEpoch,
                txnTimeoutMs, TxnState.DEAD, Set.of(), txnStartMs, nowMs);
    }

    private void check(TxnState next) {
        if (!next.validPrevious().contains(state)) {
            throw new IllegalStateException(transactionalId + ": " + state.wireName() + " -> " + next.wireName()
                    + " is not a transition of the transaction state machine");
        }
    }
}
