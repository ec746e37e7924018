package io.spate.txn;

import java.util.EnumSet;
import java.util.Set;

/**
 * The states of a transactional id at its coordinator, Kafka's TransactionState with Kafka's ids
 * (the int8 {@code status} of a {@code __transaction_state} value) and wire names (Describe/List).
 *
 * <p>Allowed transitions (the state on the left may be entered only from those on the right):
 * <pre>
 * Empty             &lt;- Empty, CompleteCommit, CompleteAbort           (InitProducerId)
 * Ongoing           &lt;- Ongoing, Empty, CompleteCommit, CompleteAbort  (AddPartitionsToTxn)
 * PrepareCommit     &lt;- Ongoing                                        (EndTxn commit)
 * PrepareAbort      &lt;- Ongoing, PrepareEpochFence                     (EndTxn abort, fencing, timeout)
 * CompleteCommit    &lt;- PrepareCommit                                  (every marker written)
 * CompleteAbort     &lt;- PrepareAbort
 * Dead              &lt;- Empty, CompleteCommit, CompleteAbort           (transactional.id.expiration.ms)
 * PrepareEpochFence &lt;- Ongoing                                        (never written: the pending
 *                                                                     state while an abort with a
 *                                                                     bumped epoch is prepared)
 * </pre>
 */
public enum TxnState {
    EMPTY(0, "Empty"),
    ONGOING(1, "Ongoing"),
    PREPARE_COMMIT(2, "PrepareCommit"),
    PREPARE_ABORT(3, "PrepareAbort"),
    COMPLETE_COMMIT(4, "CompleteCommit"),
    COMPLETE_ABORT(5, "CompleteAbort"),
    DEAD(6, "Dead"),
    PREPARE_EPOCH_FENCE(7, "PrepareEpochFence");

    private final byte id;
    private final String wireName;

    TxnState(int id, String wireName) {
        this.id = (byte) id;
        this.wireName = wireName;
    }

    /** The int8 status of the {@code __transaction_state} value. */
    public byte id() {
        return id;
    }

    /** The name DescribeTransactions and ListTransactions use. */
    public String wireName() {
        return wireName;
    }

    /** The states {@code this} may be entered from. */
    public Set<TxnState> validPrevious() {
        return switch (this) {
            case EMPTY, DEAD -> EnumSet.of(EMPTY, COMPLETE_COMMIT, COMPLETE_ABORT);
            case ONGOING -> EnumSet.of(ONGOING, EMPTY, COMPLETE_COMMIT, COMPLETE_ABORT);
            case PREPARE_COMMIT, PREPARE_EPOCH_FENCE -> EnumSet.of(ONGOING);
            case PREPARE_ABORT -> EnumSet.of(ONGOING, PREPARE_EPOCH_FENCE);
            case COMPLETE_COMMIT -> EnumSet.of(PREPARE_COMMIT);
            case COMPLETE_ABORT -> EnumSet.of(PREPARE_ABORT);
        };
    }

    /** Whether no transaction is open (a new one may begin). */
    public boolean isIdle() {
        return this == EMPTY || this == COMPLETE_COMMIT || this == COMPLETE_ABORT;
    }

    public static TxnState forId(byte id) {
        for (TxnState s : values()) {
            if (s.id == id) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown transaction status " + id);
    }

    /** The state of a wire name, or null. */
    public static TxnState forWireName(String name) {
        for (TxnState s : values()) {
            if (s.wireName.equals(name)) {
                return s;
            }
        }
        return null;
    }
}
