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
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads records from assigned partitions (no consumer groups yet: {@link #assign} only). Records
 * are fetched ahead — one long-poll Fetch per leader node at a time, a bounded buffer — while the
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
 * <p>States: OPEN → CLOSED.
 *
 * <p>Threading: every method may be called from any thread. The state lives on the consumer's own
 * event-loop context; calls are queued there in call order (so a poll after a seek sees the seek),
 * and the handlers and returned Futures run there.
 */
public final class SpateConsumer implements ReadStream<ConsumerRecord> {
    enum State { OPEN, CLOSED }

    private final Vertx vertx;
    private final ClientRuntime runtime;
    private final ContextInternal context;
    private final ConsumerConfig config;
    private final NetworkClient network;
    private final Map<TopicPartition, PartitionFetchState> partitions = new LinkedHashMap<>();
    private final Fetcher fetcher;
    private final ConsumerStream stream;
    private final Promise<Void> closed = Promise.promise();
    private final PositionWaiters positionWaiters;
    private volatile Set<TopicPartition> assignment = Set.of();
    private volatile State state = State.OPEN;
    private Promise<List<ConsumerRecord>> pendingPoll;
    private long pollTimer = -1;

    private SpateConsumer(ClientRuntime runtime, ConsumerConfig config) {
        this.runtime = runtime;
        this.vertx = runtime.vertx;
        this.config = config;
        this.context = runtime.context;
        this.network = runtime.network;
        this.fetcher = new Fetcher(network, config, partitions, this::onData);
        this.stream = new ConsumerStream(context, fetcher, config.getMaxPollRecords());
        this.positionWaiters = new PositionWaiters(context, partitions, config.getDefaultApiTimeoutMs());
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
     * Reads exactly these partitions from now on. Partitions kept from the previous assignment keep
     * their position; new ones start per {@code auto.offset.reset} unless sought.
     */
    public void assign(Collection<TopicPartition> tps) {
        Set<TopicPartition> next = Set.copyOf(tps);
        assignment = next;
        onContext(() -> {
            Iterator<Map.Entry<TopicPartition, PartitionFetchState>> it = partitions.entrySet().iterator();
            while (it.hasNext()) {
                TopicPartition tp = it.next().getKey();
                if (!next.contains(tp)) {
                    it.remove();
                    fetcher.discard(tp);
                }
            }
            Set<String> topics = new HashSet<>();
            for (TopicPartition tp : tps) {
                partitions.computeIfAbsent(tp, k -> new PartitionFetchState(config.getAutoOffsetReset()));
                topics.add(tp.topic());
            }
            network.addTopics(topics);
            fetcher.wakeup();
        });
    }

    public Set<TopicPartition> assignment() {
        return assignment;
    }

    /** The next record read from {@code tp} will be the one at {@code offset}. */
    public void seek(TopicPartition tp, long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("seek offset must be >= 0, was " + offset);
        }
        requireAssigned(List.of(tp));
        onContext(() -> {
            PartitionFetchState st = partitions.get(tp);
            if (st != null) {
                st.seek(offset);
                fetcher.discard(tp);
                fetcher.wakeup();
            }
        });
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
        onContext(() -> {
            for (TopicPartition tp : list) {
                PartitionFetchState st = partitions.get(tp);
                if (st != null) {
                    st.transitionToAwaitingReset(strategy, true);
                    fetcher.discard(tp);
                }
            }
            fetcher.wakeup();
        });
    }

    private void requireAssigned(Collection<TopicPartition> tps) {
        for (TopicPartition tp : tps) {
            if (!assignment.contains(tp)) {
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
        return lookup(specs).map(results -> {
            Map<TopicPartition, OffsetAndTimestamp> out = new HashMap<>();
            results.forEach((tp, p) -> out.put(tp, p.offset() < 0 ? null : new OffsetAndTimestamp(p.offset(), p.timestamp())));
            return out;
        });
    }

    /** The log start offset of each partition. */
    public Future<Map<TopicPartition, Long>> beginningOffsets(Collection<TopicPartition> tps) {
        return offsets(tps, ListOffsetsRequest.EARLIEST_TIMESTAMP);
    }

    /** The high watermark (the offset after the last readable record) of each partition. */
    public Future<Map<TopicPartition, Long>> endOffsets(Collection<TopicPartition> tps) {
        return offsets(tps, ListOffsetsRequest.LATEST_TIMESTAMP);
    }

    private Future<Map<TopicPartition, Long>> offsets(Collection<TopicPartition> tps, long spec) {
        Map<TopicPartition, Long> specs = new HashMap<>();
        tps.forEach(tp -> specs.put(tp, spec));
        return lookup(specs).map(results -> {
            Map<TopicPartition, Long> out = new HashMap<>();
            results.forEach((tp, p) -> out.put(tp, p.offset()));
            return out;
        });
    }

    private Future<Map<TopicPartition, io.spate.protocol.ListOffsetsResponse.PartitionResponse>> lookup(
            Map<TopicPartition, Long> specs) {
        if (state == State.CLOSED) {
            return Future.failedFuture(new IllegalStateException("consumer is closed"));
        }
        Promise<Map<TopicPartition, io.spate.protocol.ListOffsetsResponse.PartitionResponse>> p = context.promise();
        onContext(() -> OffsetLookup.lookup(network, specs, network.nowMs() + config.getDefaultApiTimeoutMs())
                .onComplete(p));
        return p.future();
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

    /** As {@link #poll}, without blocking: completes with records, or empty at the timeout. */
    public Future<List<ConsumerRecord>> pollAsync(Duration timeout) {
        if (state == State.CLOSED) {
            return Future.failedFuture(new IllegalStateException("consumer is closed"));
        }
        Promise<List<ConsumerRecord>> promise = context.promise();
        onContext(() -> {
            if (state != State.OPEN) {
                promise.fail(new IllegalStateException("consumer is closed"));
            } else if (stream.hasHandler()) {
                promise.fail(new IllegalStateException("records are being delivered to the stream handler"));
            } else if (pendingPoll != null) {
                promise.fail(new IllegalStateException("another poll is already waiting"));
            } else {
                pendingPoll = promise;
                if (!tryCompletePoll()) {
                    pollTimer = context.setTimer(Math.max(1, timeout.toMillis()), id -> {
                        pollTimer = -1;
                        completePoll(List.of());
                    });
                    fetcher.wakeup();
                }
            }
        });
        return promise.future();
    }

    private boolean tryCompletePoll() {
        List<ConsumerRecord> records = new ArrayList<>();
        ConsumerRecord r;
        while (records.size() < config.getMaxPollRecords() && (r = fetcher.nextRecord()) != null) {
            records.add(r);
        }
        if (!records.isEmpty()) {
            completePoll(records);
            return true;
        }
        SpateException error = fetcher.takeError();
        if (error != null) {
            Promise<List<ConsumerRecord>> p = takePendingPoll();
            p.fail(error);
            return true;
        }
        return false;
    }

    private void completePoll(List<ConsumerRecord> records) {
        Promise<List<ConsumerRecord>> p = takePendingPoll();
        if (p != null) {
            p.complete(records);
        }
    }

    private Promise<List<ConsumerRecord>> takePendingPoll() {
        Promise<List<ConsumerRecord>> p = pendingPoll;
        pendingPoll = null;
        if (pollTimer >= 0) {
            vertx.cancelTimer(pollTimer);
            pollTimer = -1;
        }
        return p;
    }

    /** Called by the fetcher when records, errors or positions changed. */
    private void onData() {
        positionWaiters.check();
        if (pendingPoll != null) {
            tryCompletePoll();
        }
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

    /** Closes the connections; a waiting poll returns empty; the stream's end handler runs. Idempotent. */
    public Future<Void> close() {
        if (state == State.CLOSED) {
            return closed.future();
        }
        context.runOnContext(v -> {
            if (state != State.OPEN) {
                return;
            }
            state = State.CLOSED;
            fetcher.close();
            completePoll(List.of());
            positionWaiters.failAll(new IllegalStateException("consumer is closed"));
            stream.end();
            runtime.close(closed);
        });
        return closed.future();
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
