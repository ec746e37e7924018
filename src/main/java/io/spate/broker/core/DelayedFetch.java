package io.spate.broker.core;

import io.spate.common.Time;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.TopicPartition;
import io.spate.transport.LoopContext;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One fetch request in flight: reads its partitions, and while fewer than {@code minBytes} are
 * available parks on every partition until a high watermark (a follower's: a log end) moves past
 * the end its last read saw, or {@code maxWaitMs} (at most {@link #MAX_WAIT_MS}) passes. Woken by
 * appends, never by a polling timer; a parked fetch costs nothing until then.
 *
 * <p>States: READING (a read in flight) → PARKED (waiters and a timer set) → READING again on the
 * first wake-up; READING or PARKED → DONE when answered or abandoned (its connection closed).
 *
 * <p>Runs on the context of the connection that received it; partition reads hop to each
 * partition's owner context and back. The result holds file regions, no buffers.
 */
final class DelayedFetch {
    /**
     * The longest a fetch waits for {@code min_bytes}, whatever its {@code max_wait_ms}: below the
     * clients' 30 s request timeout, so a capped fetch is answered before its client gives up.
     */
    static final long MAX_WAIT_MS = 10_000;

    private enum State { READING, PARKED, DONE }

    private final LoopContext context;
    private final TopicManager topics;
    private final Map<TopicPartition, FetchPosition> positions;
    private final int minBytes;
    private final int maxBytes;
    private final int replicaId; // a follower's id, or -1 for a consumer
    private final boolean committed; // read_committed: up to the last stable offset (consumers only)
    private final Time time;
    private final long deadline; // on time's monotonic clock
    private final Promise<Map<TopicPartition, PartitionRead>> result;
    private final List<Runnable> cancellations = new ArrayList<>();
    private long timerId = -1;
    private State state = State.READING;
    private Map<TopicPartition, PartitionRead> lastReads = Map.of();

    private DelayedFetch(LoopContext context, TopicManager topics, Map<TopicPartition, FetchPosition> positions,
                         int minBytes, int maxBytes, long maxWaitMs, int replicaId, boolean committed, Time time) {
        this.context = context;
        this.replicaId = replicaId;
        this.committed = committed && replicaId < 0;
        this.topics = topics;
        this.positions = positions;
        this.minBytes = minBytes;
        this.maxBytes = maxBytes;
        this.time = time;
        this.deadline = time.nanoseconds() + Math.min(maxWaitMs, MAX_WAIT_MS) * 1_000_000L;
        this.result = context.promise();
    }

    /**
     * @param committed read_committed: a consumer's reads stop at the last stable offset and it waits for
     *                  that to move (ignored for a follower)
     * @param abandoned completes when nobody waits for the answer any more (the connection closed):
     *                  a parked fetch then leaves its partitions and answers with what it last read
     */
    static Future<Map<TopicPartition, PartitionRead>> run(LoopContext context, TopicManager topics,
            Map<TopicPartition, FetchPosition> positions, int minBytes, int maxBytes, long maxWaitMs, int replicaId,
            boolean committed, Time time, Future<?> abandoned) {
        DelayedFetch f = new DelayedFetch(context, topics, positions, minBytes, maxBytes, maxWaitMs, replicaId, committed,
                time);
        abandoned.onComplete(ar -> context.execute(f::abandon));
        f.attempt();
        return f.result.future();
    }

    private void attempt() {
        readAll().onComplete(ar -> {
            if (state == State.DONE) {
                return;
            }
            if (ar.failed()) {
                transitionToDone();
                result.fail(ar.cause());
                return;
            }
            Map<TopicPartition, PartitionRead> reads = ar.result();
            long remainingMs = (deadline - time.nanoseconds()) / 1_000_000L;
            if (enough(reads) || remainingMs <= 0) {
                transitionToDone();
                result.complete(reads);
                return;
            }
            park(reads, remainingMs);
        });
    }

    private boolean enough(Map<TopicPartition, PartitionRead> reads) {
        int total = 0;
        for (PartitionRead r : reads.values()) {
            if (r.error() != ErrorCode.NONE) {
                return true;
            }
            total += r.sizeInBytes();
        }
        return total >= minBytes;
    }

    /**
     * Reads every partition, each within its own budget and together within {@code maxBytes}, the
     * first non-empty one with at least one whole batch (so an oversized batch still comes). When
     * the partition budgets add up to no more than {@code maxBytes} (a consumer's defaults: 1 MiB
     * each, 50 MiB in all) the reads go to every partition context at once; otherwise, or when the
     * parallel reads returned an oversized batch past the first non-empty partition, they go one
     * after the other as the budget is used.
     */
    private Future<Map<TopicPartition, PartitionRead>> readAll() {
        long budgets = 0;
        for (FetchPosition pos : positions.values()) {
            budgets += pos.maxBytes();
        }
        Future<Map<TopicPartition, PartitionRead>> reads = budgets <= maxBytes
                ? readParallel().compose(r -> sameAsSequential(r) ? Future.succeededFuture(r) : readSequential())
                : readSequential();
        // answer on the connection context, whichever partition context finished the reads
        return reads.transform(ar -> ar.failed() ? context.failedFuture(ar.cause()) : context.succeededFuture(ar.result()));
    }

    private Future<Map<TopicPartition, PartitionRead>> readParallel() {
        List<Future<PartitionRead>> pending = new ArrayList<>(positions.size());
        for (Map.Entry<TopicPartition, FetchPosition> e : positions.entrySet()) {
            PartitionWriter w = writer(e.getKey());
            FetchPosition pos = e.getValue();
            pending.add(w == null ? Future.succeededFuture(unknown(e.getKey()))
                    : read(w, pos, Math.min(pos.maxBytes(), maxBytes), true));
        }
        return Future.all(pending).map(all -> {
            Map<TopicPartition, PartitionRead> reads = new LinkedHashMap<>();
            int i = 0;
            for (TopicPartition tp : positions.keySet()) {
                reads.put(tp, all.resultAt(i++));
            }
            return reads;
        });
    }

    /**
     * True when a sequential read would have returned the same: every partition after the first
     * non-empty one got no more than what the sequential budget would have left it (a read with a
     * larger budget that still fits the smaller one selects the same whole batches). Only an
     * oversized first batch makes them differ.
     */
    private boolean sameAsSequential(Map<TopicPartition, PartitionRead> reads) {
        long used = 0;
        for (Map.Entry<TopicPartition, PartitionRead> e : reads.entrySet()) {
            int size = e.getValue().sizeInBytes();
            long budget = Math.min(positions.get(e.getKey()).maxBytes(), Math.max(0, maxBytes - used));
            if (used > 0 && size > budget) {
                return false;
            }
            used += size;
        }
        return true;
    }

    /** Reads the partitions one after the other, each within what is left of {@code maxBytes}. */
    private Future<Map<TopicPartition, PartitionRead>> readSequential() {
        Map<TopicPartition, PartitionRead> reads = new LinkedHashMap<>();
        Future<Integer> chain = Future.succeededFuture(0);
        for (Map.Entry<TopicPartition, FetchPosition> e : positions.entrySet()) {
            TopicPartition tp = e.getKey();
            FetchPosition pos = e.getValue();
            chain = chain.compose(used -> {
                PartitionWriter w = writer(tp);
                if (w == null) {
                    reads.put(tp, unknown(tp));
                    return Future.succeededFuture(used);
                }
                int budget = Math.min(pos.maxBytes(), Math.max(0, maxBytes - used));
                return read(w, pos, budget, used == 0).map(read -> {
                    reads.put(tp, read);
                    return used + read.sizeInBytes();
                });
            });
        }
        return chain.map(used -> reads);
    }

    private Future<PartitionRead> read(PartitionWriter w, FetchPosition pos, int budget, boolean minOneBatch) {
        return replicaId >= 0 ? w.readForReplica(replicaId, pos.leaderEpoch(), pos.offset(), pos.logStartOffset(), budget)
                : w.read(pos.offset(), budget, minOneBatch, committed);
    }

    private static PartitionRead unknown(TopicPartition tp) {
        return PartitionRead.failed(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "topic-partition " + tp + " does not exist", -1, -1);
    }

    private PartitionWriter writer(TopicPartition tp) {
        Topic t = topics.topic(tp.topic());
        return t == null ? null : t.partition(tp.partition());
    }

    /**
     * Waits on every partition for its visible end to pass the one this read saw: data already seen
     * (short of {@code minBytes}) must not wake the fetch again, or it spins until its deadline.
     * The timer is set first, so a waiter that runs at once finds the fetch parked.
     */
    private void park(Map<TopicPartition, PartitionRead> reads, long remainingMs) {
        transitionToParked(reads);
        timerId = context.owner().setTimer(Math.max(1, remainingMs), id -> {
            timerId = -1;
            wake();
        });
        for (Map.Entry<TopicPartition, FetchPosition> e : positions.entrySet()) {
            PartitionWriter w = writer(e.getKey());
            if (w == null) {
                continue;
            }
            PartitionRead read = reads.get(e.getKey());
            long seen = Math.max(e.getValue().offset(), read == null ? -1 : read.visibleEnd());
            FetchWaiter waiter = new FetchWaiter(seen,
                    () -> context.execute(this::wake), replicaId >= 0, committed);
            cancellations.add(() -> w.removeWaiter(waiter));
            w.addWaiter(waiter);
        }
    }

    /** On the connection context: the first wake-up (append or timer) re-reads; later ones are no-ops. */
    private void wake() {
        if (state != State.PARKED) {
            return;
        }
        unpark();
        state = State.READING;
        attempt();
    }

    /** On the connection context: the connection closed; a parked fetch leaves its partitions. */
    private void abandon() {
        if (state == State.DONE) {
            return;
        }
        unpark();
        transitionToDone();
        result.tryComplete(lastReads);
    }

    private void unpark() {
        if (timerId != -1) {
            context.cancelTimer(timerId);
            timerId = -1;
        }
        cancellations.forEach(Runnable::run);
        cancellations.clear();
    }

    private void transitionToParked(Map<TopicPartition, PartitionRead> reads) {
        if (state != State.READING) {
            throw new IllegalStateException("fetch parks while " + state);
        }
        state = State.PARKED;
        lastReads = reads;
    }

    private void transitionToDone() {
        state = State.DONE;
    }
}
