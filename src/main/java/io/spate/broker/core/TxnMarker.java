package io.spate.broker.core;

import io.spate.protocol.TopicPartition;
import java.util.List;

/**
 * One marker of a WriteTxnMarkers request: end {@code producerId}'s transaction (at
 * {@code producerEpoch}, as coordinator epoch {@code coordinatorEpoch}) in each of {@code partitions}.
 *
 * @param committed COMMIT (true) or ABORT (false)
 */
public record TxnMarker(long producerId, short producerEpoch, boolean committed, int coordinatorEpoch,
                        List<TopicPartition> partitions) {
    public TxnMarker {
        partitions = List.copyOf(partitions);
    }
}
