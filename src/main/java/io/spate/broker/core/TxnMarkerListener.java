package io.spate.broker.core;

import io.spate.protocol.TopicPartition;

/**
 * Told when a transaction marker this node wrote as a partition leader (WriteTxnMarkers) is committed:
 * the partition's high watermark passed it. The group coordinator uses it to apply a transaction's
 * offset commits on its {@code __consumer_offsets} partition.
 *
 * <p>Called on the partition's owner context: an implementation must not block and hops to its own
 * context for its work. An exception it throws is logged and ignored.
 */
public interface TxnMarkerListener {
    /**
     * @param partition  where the marker was written
     * @param producerId the producer whose transaction ended there
     * @param committed  COMMIT (true) or ABORT (false)
     */
    void markerCommitted(TopicPartition partition, long producerId, boolean committed);
}
