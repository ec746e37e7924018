package io.spate.txn;

/**
 * A loaded transactional id: its durable state and the change being written, if any. Only on the
 * coordinator's context.
 */
final class TxnEntry {
    /** The load of the partition this entry came from: stale once that partition is unloaded or reloaded. */
    final TxnRegistry.Load owner;
    /** The last state written (what the id is). */
    TxnMetadata current;
    /** The state being written, or null: while set, other changes answer CONCURRENT_TRANSACTIONS. */
    TxnState pending;
    /** False while a new id's first state is being written: not described or listed until it is durable. */
    boolean durable = true;

    TxnEntry(TxnRegistry.Load owner, TxnMetadata current) {
        this.owner = owner;
        this.current = current;
    }

    String id() {
        return current.transactionalId();
    }
}
