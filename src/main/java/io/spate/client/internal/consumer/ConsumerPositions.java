package io.spate.client.internal.consumer;

import io.spate.client.ConsumerConfig;
import io.spate.client.OffsetAndTimestamp;
import io.spate.client.OffsetResetStrategy;
import io.spate.client.internal.network.NetworkClient;
import io.spate.client.internal.network.OffsetLookup;
import io.spate.protocol.ListOffsetsRequest;
import io.spate.protocol.TopicPartition;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Where a {@link io.spate.client.SpateConsumer} reads and where the log is (internal): seeking its assigned
 * partitions, their positions (waiting for one that is being looked up, see
 * {@link PositionWaiters}) and lag, and the offset lookups by time, of the log start and of the
 * high watermark ({@link OffsetLookup}, bounded by {@code default.api.timeout.ms}).
 *
 * <p>Threading: called from any thread; the assignment check runs on the caller's thread, the
 * rest on the consumer's context, queued in call order through the {@link ConsumerLifecycle};
 * the returned Futures complete there.
 */
public final class ConsumerPositions {
    private final ConsumerLifecycle lifecycle;
    private final NetworkClient network;
    private final ConsumerConfig config;
    private final SubscriptionState subscriptions;
    private final Fetcher fetcher;
    private final PositionWaiters waiters;

    public ConsumerPositions(ConsumerLifecycle lifecycle, NetworkClient network, ConsumerConfig config,
                             SubscriptionState subscriptions, Fetcher fetcher, PositionWaiters waiters) {
        this.lifecycle = lifecycle;
        this.network = network;
        this.config = config;
        this.subscriptions = subscriptions;
        this.fetcher = fetcher;
        this.waiters = waiters;
    }

    /** See {@link io.spate.client.SpateConsumer#currentLag}. */
    public OptionalLong currentLag(TopicPartition tp) {
        requireAssigned(List.of(tp));
        PartitionFetchState st = subscriptions.stateOf(tp);
        if (st == null) {
            return OptionalLong.empty(); // assigned a moment ago: not yet on the consumer's context
        }
        long hw = st.highWatermark();
        long position = st.position();
        return hw < 0 || position < 0 ? OptionalLong.empty() : OptionalLong.of(Math.max(0, hw - position));
    }

    /** See {@link io.spate.client.SpateConsumer#fetchError}. */
    public java.util.Optional<io.spate.protocol.SpateException> fetchError(TopicPartition tp) {
        requireAssigned(List.of(tp));
        PartitionFetchState st = subscriptions.stateOf(tp);
        return java.util.Optional.ofNullable(st == null ? null : st.fetchError());
    }

    public void seek(TopicPartition tp, long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("seek offset must be >= 0, was " + offset);
        }
        requireAssigned(List.of(tp));
        lifecycle.onContext(() -> subscriptions.seek(tp, offset));
    }

    public void seekToReset(Collection<TopicPartition> tps, OffsetResetStrategy strategy) {
        List<TopicPartition> list = List.copyOf(tps);
        requireAssigned(list);
        lifecycle.onContext(() -> subscriptions.seekToReset(list, strategy));
    }

    private void requireAssigned(Collection<TopicPartition> tps) {
        for (TopicPartition tp : tps) {
            if (!subscriptions.assignment().contains(tp)) {
                throw new IllegalStateException(tp + " is not assigned to this consumer");
            }
        }
    }

    /** See {@link io.spate.client.SpateConsumer#position}. */
    public Future<Long> position(TopicPartition tp) {
        requireAssigned(List.of(tp));
        if (lifecycle.isClosed()) {
            return ConsumerLifecycle.closedFailure();
        }
        Promise<Long> promise = lifecycle.context().promise();
        lifecycle.onContext(() -> {
            waiters.add(tp, promise);
            fetcher.wakeup();
        });
        return promise.future();
    }

    /** See {@link io.spate.client.SpateConsumer#offsetsForTimes}. */
    public Future<Map<TopicPartition, OffsetAndTimestamp>> offsetsForTimes(Map<TopicPartition, Long> timestamps) {
        Map<TopicPartition, Long> specs = Map.copyOf(timestamps);
        for (Map.Entry<TopicPartition, Long> e : specs.entrySet()) {
            if (e.getValue() < 0) {
                throw new IllegalArgumentException("timestamp for " + e.getKey() + " must be >= 0, was " + e.getValue());
            }
        }
        return lifecycle.onContextFuture(() -> OffsetLookup.forTimes(network, specs, apiDeadline(),
                config.getIsolationLevel().id()));
    }

    /**
     * The offset of each partition that ListOffsets gives for {@code timestamp}
     * ({@link ListOffsetsRequest#EARLIEST_TIMESTAMP}: the log start, {@link ListOffsetsRequest#LATEST_TIMESTAMP}:
     * the high watermark, or with read_committed the last stable offset).
     */
    public Future<Map<TopicPartition, Long>> offsets(Collection<TopicPartition> tps, long timestamp) {
        List<TopicPartition> copy = List.copyOf(tps);
        return lifecycle.onContextFuture(() -> OffsetLookup.offsets(network, copy, timestamp, apiDeadline(),
                config.getIsolationLevel().id()));
    }

    private long apiDeadline() {
        return network.nowMs() + config.getDefaultApiTimeoutMs();
    }

    /** On the context: positions may have changed; waiting position() calls complete. */
    public void onData() {
        waiters.check();
    }

    /** On the context: the consumer closed; waiting position() calls fail. */
    public void close() {
        waiters.failAll(ConsumerLifecycle.closedError());
    }
}
