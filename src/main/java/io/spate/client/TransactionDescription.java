package io.spate.client;

import io.spate.protocol.TopicPartition;
import java.util.List;

/**
 * A transactional id as its coordinator describes it (DescribeTransactions): state, timeout, when the
 * open transaction started ({@code -1}: none open), the producer id and epoch, the partitions in the
 * open transaction, and the coordinator's node id.
 */
public record TransactionDescription(String transactionalId, String state, int timeoutMs, long startTimeMs,
                                     long producerId, short producerEpoch, List<TopicPartition> partitions,
                                     int coordinatorId) {
    public TransactionDescription {
        partitions = List.copyOf(partitions);
    }
}
