package io.spate.client;

import io.spate.client.internal.consumer.ConsumerCoordinator;
import io.spate.client.internal.consumer.ConsumerDelivery;
import io.spate.client.internal.consumer.ConsumerLifecycle;
import io.spate.client.internal.consumer.ConsumerMembership;
import io.spate.client.internal.consumer.ConsumerPoll;
import io.spate.client.internal.consumer.ConsumerPositions;
import io.spate.client.internal.consumer.ConsumerStream;
import io.spate.client.internal.consumer.Fetcher;
import io.spate.client.internal.consumer.PartitionFetchState;
import io.spate.client.internal.consumer.PositionWaiters;
import io.spate.client.internal.consumer.SubscriptionState;
import io.spate.client.internal.network.ClientRuntime;
import io.spate.client.internal.network.NetworkClient;
import io.spate.client.internal.network.NetworkConfig;
import io.spate.protocol.ListOffsetsRequest;
import io.spate.protocol.SpateException;
import io.spate.protocol.TopicPartition;
import io.spate.transport.LoopContext;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.streams.ReadStream;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads records from partitions it is given: by the application ({@link #assign}), or by its
 * consumer group ({@link #subscribe}, with {@code group.id} set; see {@link ConsumerCoordinator} and
 * docs/groups.md). The two exclude each other. A group consumer's new partitions start at the
 * group's committed offsets (else where {@code auto.offset.reset} says); positions are committed
 * with {@link #commitAsync} / {@link #commitSync}, or in the background ({@code enable.auto.commit}).
 * Records are fetched ahead — one long-poll Fetch per leader node at a time, a bounded buffer — while the
 * application works, and handed out in two ways, not to be mixed:
 * <ul>
 * <li>pull: {@link #poll(Duration)} (blocking, never on a Vert.x thread) or {@link #pollAsync};</li>
 * <li>push: the {@link ReadStream} face — {@link #handler}, {@link #pause}, {@link #resume},
 *     {@link #fetch(long)} with flow control; errors go to {@link #exceptionHandler} and
 *     {@link #endHandler} runs on close.</li>
 * </ul>
 * A partition without a position starts where {@code auto.offset.reset} says (and so after
 * OFFSET_OUT_OF_RANGE); with {@code none} its error is raised instead, as is a batch failing its
 * CRC ({@code check.crcs}). Such a partition stops until the application seeks it.
 *
 * <p>States: OPEN → CLOSING (committing, revoking, leaving the group) → CLOSED.
 *
 * <p>Inside, this class wires the parts together and closes them: {@code ConsumerMembership}
 * (assign, subscribe, commits), {@code ConsumerPositions} (seeks, positions, offset lookups),
 * {@code ConsumerDelivery} (poll and stream) and {@code ConsumerLifecycle} (the states above and
 * the way onto the context).
 *
 * <p>Threading: every method may be called from any thread. The state lives on the consumer's own
 * event-loop context; calls are queued there in call order (so a poll after a seek sees the seek),
 * and the handlers and returned Futures run there.
 */
public final class SpateConsumer implements ReadStream<ConsumerRecord> {
    private final ClientRuntime runtime;
    private final ConsumerLifecycle lifecycle;
    private final Fetcher fetcher;
    /** Null without a group.id. */
    private final ConsumerCoordinator coordinator;
    private final ConsumerMembership membership;
    private final ConsumerPositions positions;
    private final ConsumerDelivery delivery;
    private final Promise<Void> closed = Promise.promise();

    private SpateConsumer(ClientRuntime runtime, ConsumerConfig config) {
        this.runtime = runtime;
        LoopContext context = runtime.context;
        NetworkClient network = runtime.network;
        Map<TopicPartition, PartitionFetchState> partitions = new LinkedHashMap<>();
        this.lifecycle = new ConsumerLifecycle(context);
        this.fetcher = new Fetcher(network, config, partitions, this::onData);
        ConsumerStream stream = new ConsumerStream(context, fetcher, config.getMaxPollRecords());
        ConsumerPoll poll = new ConsumerPoll(runtime.vertx, context, fetcher, config.getMaxPollRecords());
        PositionWaiters positionWaiters = new PositionWaiters(context, partitions, config.getDefaultApiTimeoutMs());
        SubscriptionState subscriptions = new SubscriptionState(partitions, fetcher, network, config.getAutoOffsetReset());
        this.coordinator = config.getGroupId() == null ? null : new ConsumerCoordinator(context, network, config,
                subscriptions, () -> poll.isWaiting() || stream.isFlowing(), this::reportError, this::onData);
        this.membership = new ConsumerMembership(lifecycle, config, subscriptions, coordinator, this::onData);
        this.positions = new ConsumerPositions(lifecycle, network, config, subscriptions, fetcher, positionWaiters);
        this.delivery = new ConsumerDelivery(lifecycle, poll, stream, coordinator);
    }

    /** A consumer on {@code vertx} (which the caller keeps and closes). Validates the config. */
    public static SpateConsumer create(Vertx vertx, ConsumerConfig config) {
        config.validate();
        return new SpateConsumer(ClientRuntime.on(vertx, NetworkConfig.of(config)), config);
    }

    /** A consumer with a Vert.x instance of its own, closed by {@link #close()}. */
    public static SpateConsumer create(ConsumerConfig config) {
        config.validate();
        return new SpateConsumer(ClientRuntime.owned(NetworkConfig.of(config)), config);
    }

    /**
     * Reads exactly these partitions from now on (an empty list: none, as {@link #unsubscribe()}). Partitions kept from the
     * previous assignment keep their position; new ones start at the group's committed offset when
     * {@code group.id} is set, else (or without one) per {@code auto.offset.reset}, unless sought.
     *
     * @throws IllegalStateException while subscribed
     */
    public void assign(Collection<TopicPartition> tps) {
        membership.assign(tps);
    }

    /** The partitions this consumer reads now (a group consumer's change with each rebalance). */
    public Set<TopicPartition> assignment() {
        return membership.assignment();
    }

    /**
     * Joins the group ({@code group.id}) to read these topics, sharing their partitions with the
     * group's other members; an empty list unsubscribes. Replaces an earlier subscription.
     *
     * @throws IllegalStateException without group.id, or while partitions are assigned with assign()
     */
    public void subscribe(Collection<String> topics, ConsumerRebalanceListener listener) {
        membership.subscribe(topics, listener);
    }

    /** As {@link #subscribe(Collection, ConsumerRebalanceListener)} without a listener. */
    public void subscribe(Collection<String> topics) {
        subscribe(topics, ConsumerRebalanceListener.NONE);
    }

    /**
     * Joins the group to read every topic whose whole name matches {@code pattern} (internal topics
     * excepted), now and as topics appear or go: the match is redone at every metadata refresh
     * ({@code metadata.max.age.ms}), and a change makes the member rejoin.
     */
    public void subscribe(Pattern pattern, ConsumerRebalanceListener listener) {
        membership.subscribe(pattern, listener);
    }

    /** As {@link #subscribe(Pattern, ConsumerRebalanceListener)} without a listener. */
    public void subscribe(Pattern pattern) {
        subscribe(pattern, ConsumerRebalanceListener.NONE);
    }

    /**
     * Stops reading: a subscribed consumer revokes its partitions (committing them when
     * auto-committing) and leaves its group; an assigned one drops its partitions. The Future
     * completes once that is done.
     */
    public Future<Void> unsubscribe() {
        return membership.unsubscribe();
    }

    /** The topics subscribed to (for a pattern: those it matches now); empty unless subscribed. */
    public Set<String> subscription() {
        return membership.subscription();
    }

    /**
     * Commits the position of every partition of this consumer (the offset after the last record
     * handed out) to the group. Fails with {@link CommitFailedException} when the group has moved on
     * without this member; retried on coordinator errors until {@code default.api.timeout.ms}.
     */
    public Future<Void> commitAsync() {
        return membership.commitAsync();
    }

    /** Commits these offsets (any partitions, assigned or not) to the group; see {@link #commitAsync()}. */
    public Future<Void> commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        return membership.commitAsync(offsets);
    }

    /** {@link #commitAsync()}, blocking. Must not be called on a Vert.x thread (a rebalance listener). */
    public void commitSync() {
        membership.commitSync();
    }

    /** {@link #commitAsync(Map)}, blocking. Must not be called on a Vert.x thread. */
    public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        membership.commitSync(offsets);
    }

    /** The group's committed offset of each partition; null for a partition without one (as Kafka). */
    public Future<Map<TopicPartition, OffsetAndMetadata>> committed(Set<TopicPartition> tps) {
        return membership.committed(tps);
    }

    /**
     * How far this consumer is behind in {@code tp}: the high watermark of the last fetch answer
     * minus the position; empty before the first answer or while the position is unknown.
     *
     * @throws IllegalStateException if {@code tp} is not assigned
     */
    public OptionalLong currentLag(TopicPartition tp) {
        return positions.currentLag(tp);
    }

    /**
     * The error the last fetch answer for {@code tp} carried, if it was one the consumer retries by
     * itself (no leader, a leader whose storage failed, a timeout...): it keeps fetching after a
     * backoff, as Kafka's consumer does, so such errors never reach {@link #poll}; this tells an
     * application that waits for records whether the partition is quiet or failing. Empty once an
     * answer carries no error.
     *
     * @throws IllegalStateException if {@code tp} is not assigned
     */
    public java.util.Optional<io.spate.protocol.SpateException> fetchError(TopicPartition tp) {
        return positions.fetchError(tp);
    }

    /** The group, generation, member id and instance id this consumer has now. */
    public ConsumerGroupMetadata groupMetadata() {
        return membership.groupMetadata();
    }

    /** The next record read from {@code tp} will be the one at {@code offset}. */
    public void seek(TopicPartition tp, long offset) {
        positions.seek(tp, offset);
    }

    /** The next records read from these partitions start at their log start offsets. */
    public void seekToBeginning(Collection<TopicPartition> tps) {
        positions.seekToReset(tps, OffsetResetStrategy.EARLIEST);
    }

    /** The next records read from these partitions start at their high watermarks. */
    public void seekToEnd(Collection<TopicPartition> tps) {
        positions.seekToReset(tps, OffsetResetStrategy.LATEST);
    }

    /**
     * The offset of the next record to be handed out from {@code tp}, looking it up first when
     * unknown; fails with the partition's error when it has failed, or at default.api.timeout.ms.
     */
    public Future<Long> position(TopicPartition tp) {
        return positions.position(tp);
    }

    /**
     * For each partition, the first offset whose record timestamp is at or after the given time,
     * with that record's timestamp; null for a partition with no such record.
     */
    public Future<Map<TopicPartition, OffsetAndTimestamp>> offsetsForTimes(Map<TopicPartition, Long> timestamps) {
        return positions.offsetsForTimes(timestamps);
    }

    /** The log start offset of each partition. */
    public Future<Map<TopicPartition, Long>> beginningOffsets(Collection<TopicPartition> tps) {
        return positions.offsets(tps, ListOffsetsRequest.EARLIEST_TIMESTAMP);
    }

    /** The high watermark (the offset after the last readable record) of each partition. */
    public Future<Map<TopicPartition, Long>> endOffsets(Collection<TopicPartition> tps) {
        return positions.offsets(tps, ListOffsetsRequest.LATEST_TIMESTAMP);
    }

    /**
     * Blocks until records are available or {@code timeout} passes (then returns an empty list);
     * at most {@code max.poll.records}. Throws the {@link SpateException} of a failed partition.
     * Must not be called on a Vert.x thread.
     */
    public List<ConsumerRecord> poll(Duration timeout) {
        return delivery.poll(timeout);
    }

    /**
     * As {@link #poll}, without blocking: completes with records, or empty at the timeout. A group
     * consumer's poll also restarts its {@code max.poll.interval.ms} clock, joins the group again
     * after it left for not polling, and fails with the group's fatal error (e.g. FENCED_INSTANCE_ID).
     */
    public Future<List<ConsumerRecord>> pollAsync(Duration timeout) {
        return delivery.pollAsync(timeout);
    }

    @Override
    public SpateConsumer handler(Handler<ConsumerRecord> handler) {
        delivery.handler(handler);
        return this;
    }

    @Override
    public SpateConsumer exceptionHandler(Handler<Throwable> handler) {
        delivery.exceptionHandler(handler);
        return this;
    }

    @Override
    public SpateConsumer endHandler(Handler<Void> handler) {
        delivery.endHandler(handler);
        return this;
    }

    @Override
    public SpateConsumer pause() {
        delivery.pause();
        return this;
    }

    @Override
    public SpateConsumer resume() {
        return fetch(Long.MAX_VALUE);
    }

    @Override
    public SpateConsumer fetch(long amount) {
        delivery.fetch(amount);
        return this;
    }

    /**
     * Closes: a waiting poll returns empty; a group consumer commits (auto-commit), revokes its
     * partitions with the listener and leaves its group (a static member does not leave, as Kafka),
     * all within request.timeout.ms; then the connections close and the stream's end handler runs.
     * Idempotent.
     */
    public Future<Void> close() {
        if (lifecycle.isClosed()) {
            return closed.future();
        }
        lifecycle.context().runOnContext(v -> {
            if (lifecycle.state() != ConsumerLifecycle.State.OPEN) {
                return;
            }
            lifecycle.transitionTo(ConsumerLifecycle.State.CLOSING);
            delivery.completePoll();
            Future<Void> group = coordinator != null ? coordinator.close() : Future.succeededFuture();
            group.onComplete(ar -> {
                lifecycle.transitionTo(ConsumerLifecycle.State.CLOSED);
                fetcher.close();
                delivery.completePoll();
                positions.close();
                delivery.end();
                runtime.close(closed);
            });
        });
        return closed.future();
    }

    /** An error of the group (fatal, or a failed rebalance listener): raised by the next poll or the stream. */
    private void reportError(RuntimeException error) {
        fetcher.reportError(error);
        onData();
    }

    /** On the context: records, errors, positions or partitions changed. */
    private void onData() {
        positions.onData();
        delivery.onData();
    }

    /** Tests only: the group membership engine, or null without a group. */
    ConsumerCoordinator coordinator() {
        return coordinator;
    }
}
