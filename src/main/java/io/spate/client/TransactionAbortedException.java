package io.spate.client;

/**
 * A record's Future failed because its transaction was aborted ({@link SpateProducer#abortTransaction})
 * before the record was sent: it was not written. Records of the transaction already sent were
 * written, and are skipped by {@code read_committed} consumers once the ABORT marker is written.
 */
public final class TransactionAbortedException extends RuntimeException {
    public TransactionAbortedException(String transactionalId) {
        super("not sent: the transaction of transactional id '" + transactionalId + "' was aborted");
    }
}
