package io.spate.txn;

import io.spate.protocol.TopicPartition;
import java.util.Set;

/**
 * One WriteTxnMarkers entry: end producer {@code producerId}'s transaction in {@code partitions}
 * with a COMMIT ({@code committed}) or ABORT marker, as coordinator of epoch {@code coordinatorEpoch}.
 */
public record TxnMarker(long producerId, short producerEpoch, boolean committed, int coordinatorEpoch,
                        Set<TopicPartition> partitions) {
    public TxnMarker {
        partitions = Set.copyOf(partitions);
    }
}
