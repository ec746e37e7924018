package io.spate.client;

/**
 * A transactional id as ListTransactions lists it: its producer id and its coordinator's state
 * (Empty, Ongoing, PrepareCommit, PrepareAbort, CompleteCommit, CompleteAbort, PrepareEpochFence, Dead).
 */
public record TransactionListing(String transactionalId, long producerId, String state) {
}
