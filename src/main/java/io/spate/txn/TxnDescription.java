package io.spate.txn;

import io.spate.protocol.ErrorCode;
import io.spate.protocol.TopicPartition;
import java.util.Set;

/**
 * DescribeTransactions' view of one id: its state, or an error (NOT_COORDINATOR,
 * COORDINATOR_LOAD_IN_PROGRESS, TRANSACTIONAL_ID_NOT_FOUND) with the other fields empty.
 */
public record TxnDescription(ErrorCode error, String transactionalId, TxnState state, int timeoutMs, long startMs,
                             long producerId, short producerEpoch, Set<TopicPartition> partitions) {
    static TxnDescription error(String id, ErrorCode error) {
        return new TxnDescription(error, id, null, -1, -1, -1, (short) -1, Set.of());
    }

    static TxnDescription of(TxnMetadata m) {
        return new TxnDescription(ErrorCode.NONE, m.transactionalId(), m.state(), m.txnTimeoutMs(), m.txnStartMs(),
                m.producerId(), m.producerEpoch(), m.partitions());
    }
}
