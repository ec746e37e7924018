package io.spate.txn;

import io.spate.protocol.ErrorCode;
import io.spate.protocol.TopicPartition;
import io.vertx.core.Future;
import java.util.Map;

/**
 * Where the coordinator sends transaction markers: in production WriteTxnMarkers to each
 * partition's leader (the broker's network sender), in tests a fake. One attempt per call; the
 * coordinator decides what to retry ({@link MarkerWriter}).
 */
public interface TxnMarkerSender {
    /**
     * Asks the leaders of {@code marker}'s partitions to write it; completes with an error per
     * partition (NONE: written and committed), on any thread. A failed Future means no partition
     * answered (every partition is retried).
     */
    Future<Map<TopicPartition, ErrorCode>> send(TxnMarker marker);
}
