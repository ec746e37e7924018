package io.spate.client;

import io.spate.protocol.TopicPartition;
import io.vertx.core.Future;
import java.util.Collection;

/**
 * Told when a group consumer's partitions change, as Kafka's ConsumerRebalanceListener, but each
 * callback returns a Future and the rebalance goes on only once it completes (a failed Future or a
 * thrown exception is reported by the next poll, and the rebalance goes on regardless).
 *
 * <p>Order, as Kafka's: on the first assignment {@link #onPartitionsAssigned}. In an eager
 * rebalance (range, roundrobin, sticky) {@link #onPartitionsRevoked} with every owned partition
 * before the member joins again, then {@link #onPartitionsAssigned} with the new assignment. In a
 * cooperative rebalance (cooperative-sticky) nothing is revoked before the join; after it,
 * {@link #onPartitionsRevoked} with only the partitions taken away (when there are any), then
 * {@link #onPartitionsAssigned} with only the partitions added (possibly none). When the member was
 * fenced (its session expired, or the coordinator no longer knows it) {@link #onPartitionsLost}
 * replaces the revocation: the partitions may already belong to someone else, so offsets must not
 * be committed for them. On close, {@link #onPartitionsRevoked} with what is still owned.
 *
 * <p>Threading: every callback runs on the consumer's context (an event loop), so it must not block:
 * use {@link SpateConsumer#commitAsync()} there, not {@code commitSync}. While a revocation callback
 * runs, the revoked partitions hand out no more records, but their positions are still readable and
 * committable.
 */
public interface ConsumerRebalanceListener {
    /** The partitions stop being this consumer's; commit their positions here if wanted. */
    Future<Void> onPartitionsRevoked(Collection<TopicPartition> partitions);

    /** The partitions are this consumer's from now on; positions may be sought here. */
    Future<Void> onPartitionsAssigned(Collection<TopicPartition> partitions);

    /** The partitions were lost without a clean revocation (fencing); by default as revoked. */
    default Future<Void> onPartitionsLost(Collection<TopicPartition> partitions) {
        return onPartitionsRevoked(partitions);
    }

    /** A listener that does nothing. */
    ConsumerRebalanceListener NONE = new ConsumerRebalanceListener() {
        @Override
        public Future<Void> onPartitionsRevoked(Collection<TopicPartition> partitions) {
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> onPartitionsAssigned(Collection<TopicPartition> partitions) {
            return Future.succeededFuture();
        }
    };
}
