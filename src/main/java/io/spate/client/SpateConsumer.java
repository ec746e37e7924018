package io.spate.client;

import io.spate.protocol.TopicPartition;
import io.spate.protocol.ListOffsetsRequest;
import io.spate.protocol.SpateException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.streams.ReadStream;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;
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
 * <p>Threading: every method may be called from any thread. The state lives on the consumer's own
 * event-loop context; calls are queued there in call order (so a poll after a seek sees the seek),
 * and the handlers and returned Futures run there.
 */
public final class SpateConsumer implements ReadStream<ConsumerRecord> {
    enum State { OPEN, CLOSING, CLOSED }

    private final Vertx vertx;
    private final ClientRuntime runtime;
    private final ContextInternal context;
    private final ConsumerConfig config;
    private final NetworkClient network;
    private final Map<TopicPartition, PartitionFetchState> partitions = new LinkedHashMap<>();
    private final Fetcher fetcher;
    private final ConsumerStream stream;
    private final ConsumerPoll poll;
    private final SubscriptionState subscriptions;
    /** Null without a group.id. */
    private final ConsumerCoordinator coordinator;
    private final Promise<Void> closed = Promise.promise();
    private final PositionWaiters positionWaiters;
    private volatile State state = State.OPEN;

    private SpateConsumer(ClientRuntime runtime, ConsumerConfig config) {
        this.runtime = runtime;
        this.vertx = runtime.vertx;
        this.config = config;
        this.context = runtime.context;
        this.network = runtime.network;
        this.fetcher = new Fetcher(network, config, partitions, this::onData);
        this.stream = new ConsumerStream(context, fetcher, config.getMaxPollRecords());
        this.poll = new ConsumerPoll(vertx, context, fetcher, config.getMaxPollRecords());
        this.positionWaiters = new PositionWaiters(context, partitions, config.getDefaultApiTimeoutMs());
        this.subscriptions = new SubscriptionState(partitions, fetcher, network, config.getAutoOffsetReset());
        this.coordinator = config.getGroupId() == null ? null : new ConsumerCoordinator(context, network, config,
                subscriptions, () -> poll.isWaiting() || stream.isFlowing(), this::reportError, this::onData);
    }

    /** A consumer on {@code vertx} (which the caller keeps and closes). Validates the config. */
    public static SpateConsumer create(Vertx vertx, ConsumerConfig config) {
        config.validate();
        return new SpateConsumer(ClientRuntime.on(vertx, config.networkConfig()), config);
    }

    /** A consumer with a Vert.x instance of its own, closed by {@link #close()}. */
    public static SpateConsumer create(ConsumerConfig config) {
        config.validate();
        return new SpateConsumer(ClientRuntime.owned(config.networkConfig()), config);
    }

    /**
     * Reads exactly these partitions from now on (an empty list: none, as {@link #unsubscribe()}). Partitions kept from the
     * previous assignment keep their position; new ones start at the group's committed offset when
     * {@code group.id} is set, else (or without one) per {@code auto.offset.reset}, unless sought.
     *
     * @throws IllegalStateException while subscribed
     */
    public void assign(Collection<TopicPartition> tps) {
        if (tps.isEmpty()) {
            unsubscribe(); // as Kafka: assigning nothing is unsubscribing
            return;
        }
        Set<TopicPartition> next = Set.copyOf(tps);
        subscriptions.setUserAssignment(next);
        onContext(() -> {
            subscriptions.assignManual(next, coordinator != null);
            if (coordinator != null) {
                coordinator.onUserAssigned(List.copyOf(next));
            }
        });
    }

    /** The partitions this consumer reads now (a group consumer's change with each rebalance). */
    public Set<TopicPartition> assignment() {
        return subscriptions.assignment();
    }

    /**
     * Joins the group ({@code group.id}) to read these topics, sharing their partitions with the
     * group's other members; an empty list unsubscribes. Replaces an earlier subscription.
     *
     * @throws IllegalStateException without group.id, or while partitions are assigned with assign()
     */
    public void subscribe(Collection<String> topics, ConsumerRebalanceListener listener) {
        if (topics.isEmpty()) {
            unsubscribe();
            return;
        }
        Set<String> copy = SubscriptionState.checkTopics(topics);
        startSubscription(SubscriptionState.Mode.AUTO_TOPICS, listener, () -> subscriptions.subscribe(copy, listener));
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
        startSubscription(SubscriptionState.Mode.AUTO_PATTERN, listener, () -> subscriptions.subscribe(pattern, listener));
    }

    /** As {@link #subscribe(Pattern, ConsumerRebalanceListener)} without a listener. */
    public void subscribe(Pattern pattern) {
        subscribe(pattern, ConsumerRebalanceListener.NONE);
    }

    private void startSubscription(SubscriptionState.Mode mode, ConsumerRebalanceListener listener, Runnable apply) {
        if (listener == null) {
            throw new IllegalArgumentException("the rebalance listener must not be null (use ConsumerRebalanceListener.NONE)");
        }
        requireGroup("subscribe");
        subscriptions.setMode(mode);
        onContext(() -> {
            apply.run();
            coordinator.onSubscriptionChanged();
        });
    }

    /**
     * Stops reading: a subscribed consumer revokes its partitions (committing them when
     * auto-committing) and leaves its group; an assigned one drops its partitions. The Future
     * completes once that is done.
     */
    public Future<Void> unsubscribe() {
        boolean wasSubscribed = subscriptions.isGroupManaged();
        boolean wasAssigned = subscriptions.mode() == SubscriptionState.Mode.USER_ASSIGNED;
        subscriptions.setUserAssignment(Set.of());
        Promise<Void> done = context.promise();
        onContext(() -> {
            Future<Void> f = wasSubscribed ? coordinator.unsubscribe() : Future.succeededFuture();
            f.onComplete(ar -> {
                subscriptions.clearSubscription();
                if (wasAssigned) {
                    subscriptions.assignManual(List.of(), false);
                }
                onData();
                done.complete();
            });
        });
        return done.future();
    }

    /** The topics subscribed to (for a pattern: those it matches now); empty unless subscribed. */
    public Set<String> subscription() {
        return subscriptions.isGroupManaged() ? subscriptions.groupTopics() : Set.of();
    }

    /**
     * Commits the position of every partition of this consumer (the offset after the last record
     * handed out) to the group. Fails with {@link CommitFailedException} when the group has moved on
     * without this member; retried on coordinator errors until {@code default.api.timeout.ms}.
     */
    public Future<Void> commitAsync() {
        requireGroup("commitAsync");
        return onContextFuture(() -> coordinator.commit(subscriptions.committablePositions(null)));
    }

    /** Commits these offsets (any partitions, assigned or not) to the group; see {@link #commitAsync()}. */
    public Future<Void> commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        requireGroup("commitAsync");
        Map<TopicPartition, OffsetAndMetadata> copy = Map.copyOf(offsets);
        return onContextFuture(() -> coordinator.commit(copy));
    }

    /** {@link #commitAsync()}, blocking. Must not be called on a Vert.x thread (a rebalance listener). */
    public void commitSync() {
        Blocking.requireNotOnVertxThread("SpateConsumer.commitSync");
        Blocking.await(commitAsync(), Duration.ofMillis(config.getDefaultApiTimeoutMs()).plusSeconds(30));
    }

    /** {@link #commitAsync(Map)}, blocking. Must not be called on a Vert.x thread. */
    public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        Blocking.requireNotOnVertxThread("SpateConsumer.commitSync");
        Blocking.await(commitAsync(offsets), Duration.ofMillis(config.getDefaultApiTimeoutMs()).plusSeconds(30));
    }

    /** The group's committed offset of each partition; null for a partition without one (as Kafka). */
    public Future<Map<TopicPartition, OffsetAndMetadata>> committed(Set<TopicPartition> tps) {
        requireGroup("committed");
        Set<TopicPartition> copy = Set.copyOf(tps);
        return onContextFuture(() -> coordinator.committed(copy));
    }

    /**
     * How far this consumer is behind in {@code tp}: the high watermark of the last fetch answer
     * minus the position; empty before the first answer or while the position is unknown.
     *
     * @throws IllegalStateException if {@code tp} is not assigned
     */
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

    /** The group, generation, member id and instance id this consumer has now. */
    public ConsumerGroupMetadata groupMetadata() {
        requireGroup("groupMetadata");
        return coordinator.groupMetadata();
    }

    private void requireGroup(String what) {
        if (coordinator == null) {
            throw new IllegalStateException(what + " needs a consumer group: set " + ConsumerConfig.GROUP_ID);
        }
    }

    /** The next record read from {@code tp} will be the one at {@code offset}. */
    public void seek(TopicPartition tp, long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("seek offset must be >= 0, was " + offset);
        }
        requireAssigned(List.of(tp));
        onContext(() -> subscriptions.seek(tp, offset));
    }

    public void seekToBeginning(Collection<TopicPartition> tps) {
        seekToReset(tps, OffsetResetStrategy.EARLIEST);
    }

    public void seekToEnd(Collection<TopicPartition> tps) {
        seekToReset(tps, OffsetResetStrategy.LATEST);
    }

    private void seekToReset(Collection<TopicPartition> tps, OffsetResetStrategy strategy) {
        List<TopicPartition> list = List.copyOf(tps);
        requireAssigned(list);
        onContext(() -> subscriptions.seekToReset(list, strategy));
    }

    private void requireAssigned(Collection<TopicPartition> tps) {
        for (TopicPartition tp : tps) {
            if (!subscriptions.assignment().contains(tp)) {
                throw new IllegalStateException(tp + " is not assigned to this consumer");
            }
        }
    }

    /**
     * The offset of the next record to be handed out from {@code tp}, looking it up first when
     * unknown; fails with the partition's error when it has failed, or at default.api.timeout.ms.
     */
    public Future<Long> position(TopicPartition tp) {
        requireAssigned(List.of(tp));
        if (state == State.CLOSED) {
            return Future.failedFuture(new IllegalStateException("consumer is closed"));
        }
        Promise<Long> promise = context.promise();
        onContext(() -> {
            positionWaiters.add(tp, promise);
            fetcher.wakeup();
        });
        return promise.future();
    }

    /**
     * For each partition, the first offset whose record timestamp is at or after the given time,
     * with that record's timestamp; null for a partition with no such record.
     */
    public Future<Map<TopicPartition, OffsetAndTimestamp>> offsetsForTimes(Map<TopicPartition, Long> timestamps) {
        Map<TopicPartition, Long> specs = Map.copyOf(timestamps);
        for (Map.Entry<TopicPartition, Long> e : specs.entrySet()) {
            if (e.getValue() < 0) {
                throw new IllegalArgumentException("timestamp for " + e.getKey() + " must be >= 0, was " + e.getValue());
            }
        }
        return onContextFuture(() -> OffsetLookup.forTimes(network, specs, apiDeadline()));
    }

    /** The log start offset of each partition. */
    public Future<Map<TopicPartition, Long>> beginningOffsets(Collection<TopicPartition> tps) {
        List<TopicPartition> copy = List.copyOf(tps);
        return onContextFuture(() -> OffsetLookup.offsets(network, copy, ListOffsetsRequest.EARLIEST_TIMESTAMP,
                apiDeadline()));
    }

    /** The high watermark (the offset after the last readable record) of each partition. */
    public Future<Map<TopicPartition, Long>> endOffsets(Collection<TopicPartition> tps) {
        List<TopicPartition> copy = List.copyOf(tps);
        return onContextFuture(() -> OffsetLookup.offsets(network, copy, ListOffsetsRequest.LATEST_TIMESTAMP,
                apiDeadline()));
    }

    private long apiDeadline() {
        return network.nowMs() + config.getDefaultApiTimeoutMs();
    }

    /**
     * Blocks until records are available or {@code timeout} passes (then returns an empty list);
     * at most {@code max.poll.records}. Throws the {@link SpateException} of a failed partition.
     * Must not be called on a Vert.x thread.
     */
    public List<ConsumerRecord> poll(Duration timeout) {
        Blocking.requireNotOnVertxThread("SpateConsumer.poll");
        // the Future completes at the timeout by itself; the margin only guards against a stalled loop
        return Blocking.await(pollAsync(timeout), timeout.plusSeconds(30));
    }

    /**
     * As {@link #poll}, without blocking: completes with records, or empty at the timeout. A group
     * consumer's poll also restarts its {@code max.poll.interval.ms} clock, joins the group again
     * after it left for not polling, and fails with the group's fatal error (e.g. FENCED_INSTANCE_ID).
     */
    public Future<List<ConsumerRecord>> pollAsync(Duration timeout) {
        if (state == State.CLOSED) {
            return Future.failedFuture(new IllegalStateException("consumer is closed"));
        }
        Promise<List<ConsumerRecord>> promise = context.promise();
        onContext(() -> {
            if (coordinator != null && state == State.OPEN) {
                coordinator.onPoll();
            }
            poll.start(promise, timeout, () -> {
                if (state != State.OPEN) {
                    return new IllegalStateException("consumer is closed");
                }
                if (stream.hasHandler()) {
                    return new IllegalStateException("records are being delivered to the stream handler");
                }
                return coordinator != null ? coordinator.failure() : null;
            });
        });
        return promise.future();
    }

    /** An error of the group (fatal, or a failed rebalance listener): raised by the next poll or the stream. */
    private void reportError(RuntimeException error) {
        fetcher.reportError(error);
        onData();
    }

    /** Called by the fetcher when records, errors or positions changed. */
    private void onData() {
        positionWaiters.check();
        poll.onData();
        stream.onData();
    }

    @Override
    public SpateConsumer handler(Handler<ConsumerRecord> handler) {
        onContextNow(() -> stream.handler(handler));
        return this;
    }

    @Override
    public SpateConsumer exceptionHandler(Handler<Throwable> handler) {
        onContextNow(() -> stream.exceptionHandler(handler));
        return this;
    }

    @Override
    public SpateConsumer endHandler(Handler<Void> handler) {
        onContextNow(() -> stream.endHandler(handler));
        return this;
    }

    @Override
    public SpateConsumer pause() {
        onContextNow(stream::pause);
        return this;
    }

    @Override
    public SpateConsumer resume() {
        return fetch(Long.MAX_VALUE);
    }

    @Override
    public SpateConsumer fetch(long amount) {
        if (amount < 0) {
            throw new IllegalArgumentException("fetch amount must be >= 0, was " + amount);
        }
        onContextNow(() -> stream.fetch(amount));
        return this;
    }

    /**
     * Closes: a waiting poll returns empty; a group consumer commits (auto-commit), revokes its
     * partitions with the listener and leaves its group (a static member does not leave, as Kafka),
     * all within request.timeout.ms; then the connections close and the stream's end handler runs.
     * Idempotent.
     */
    public Future<Void> close() {
        if (state == State.CLOSED) {
            return closed.future();
        }
        context.runOnContext(v -> {
            if (state != State.OPEN) {
                return;
            }
            state = State.CLOSING;
            poll.complete(List.of());
            Future<Void> group = coordinator != null ? coordinator.close() : Future.succeededFuture();
            group.onComplete(ar -> {
                state = State.CLOSED;
                fetcher.close();
                poll.complete(List.of());
                positionWaiters.failAll(new IllegalStateException("consumer is closed"));
                stream.end();
                runtime.close(closed);
            });
        });
        return closed.future();
    }

    /** Tests only: the group membership engine, or null without a group. */
    ConsumerCoordinator coordinator() {
        return coordinator;
    }

    /** Runs {@code action} on the context after everything queued before it; its outcome is returned. */
    private <T> Future<T> onContextFuture(Supplier<Future<T>> action) {
        if (state == State.CLOSED) {
            return Future.failedFuture(new IllegalStateException("consumer is closed"));
        }
        Promise<T> p = context.promise();
        onContext(() -> action.get().onComplete(p));
        return p.future();
    }

    /** Runs on the context after everything queued before it. */
    private void onContext(Runnable r) {
        if (state == State.CLOSED) {
            return; // the context may be gone with the consumer's own Vert.x
        }
        context.runOnContext(v -> r.run());
    }

    /** Runs at once when already on the context (so pause() inside the handler takes effect), else queues. */
    private void onContextNow(Runnable r) {
        if (context.isRunningOnContext()) {
            r.run();
        } else {
            onContext(r);
        }
    }
}
