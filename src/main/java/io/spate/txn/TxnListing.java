package io.spate.txn;

import io.spate.protocol.ErrorCode;
import java.util.List;

/**
 * ListTransactions' answer: the ids this coordinator serves that pass the filters, the state
 * filters it does not know, and COORDINATOR_LOAD_IN_PROGRESS while a partition loads.
 */
public record TxnListing(ErrorCode error, List<String> unknownStates, List<Listed> transactions) {
    /** One transactional id. */
    public record Listed(String transactionalId, long producerId, TxnState state) {
    }
}
