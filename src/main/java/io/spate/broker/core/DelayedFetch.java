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
 * available parks on every partition until an append moves a high watermark past its position or
 * {@code maxWaitMs} passes. Woken by appends, never by a polling timer.
 *
 * <p>Runs on the context of the connection that received it; partition reads hop to each
 * partition's owner context and back. The result holds file regions, no buffers.
 */
final class DelayedFetch {
    private final LoopContext context;
    private final TopicManager topics;
    private final Map<TopicPartition, FetchPosition> positions;
    private final int minBytes;
    private final int maxBytes;
    private final int replicaId; // a follower's id, or -1 for a consumer
    private final Time time;
    private final long deadline; // on time's monotonic clock
    private final Promise<Map<TopicPartition, PartitionRead>> result;
    private final List<Runnable> cancellations = new ArrayList<>();
    private long timerId = -1;
    private boolean woken;

    private DelayedFetch(LoopContext context, TopicManager topics, Map<TopicPartition, FetchPosition> positions,
                         int minBytes, int maxBytes, long maxWaitMs, int replicaId, Time time) {
        this.context = context;
        this.replicaId = replicaId;
        this.topics = topics;
        this.positions = positions;
        this.minBytes = minBytes;
        this.maxBytes = maxBytes;
        this.time = time;
        this.deadline = time.nanoseconds() + maxWaitMs * 1_000_000L;
        this.result = context.promise();
    }

    static Future<Map<TopicPartition, PartitionRead>> run(LoopContext context, TopicManager topics,
            Map<TopicPartition, FetchPosition> positions, int minBytes, int maxBytes, long maxWaitMs, int replicaId,
            Time time) {
        DelayedFetch f = new DelayedFetch(context, topics, positions, minBytes, maxBytes, maxWaitMs, replicaId, time);
        f.attempt();
        return f.result.future();
    }

    private void attempt() {
        readAll().onComplete(ar -> {
            if (ar.failed()) {
                result.fail(ar.cause());
                return;
            }
            Map<TopicPartition, PartitionRead> reads = ar.result();
            long remainingMs = (deadline - time.nanoseconds()) / 1_000_000L;
            if (enough(reads) || remainingMs <= 0) {
                result.complete(reads);
                return;
            }
            park(remainingMs);
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
        return replicaId >= 0 ? w.readForReplica(replicaId, pos.leaderEpoch(), pos.offset(), budget)
                : w.read(pos.offset(), budget, minOneBatch);
    }

    private static PartitionRead unknown(TopicPartition tp) {
        return PartitionRead.failed(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "topic-partition " + tp + " does not exist", -1, -1);
    }

    private PartitionWriter writer(TopicPartition tp) {
        Topic t = topics.topic(tp.topic());
        return t == null ? null : t.partition(tp.partition());
    }

    private void park(long remainingMs) {
        woken = false;
        for (Map.Entry<TopicPartition, FetchPosition> e : positions.entrySet()) {
            PartitionWriter w = writer(e.getKey());
            if (w == null) {
                continue;
            }
            PartitionWriter.FetchWaiter waiter = new PartitionWriter.FetchWaiter(e.getValue().offset(),
                    () -> context.execute(this::wake), replicaId >= 0);
            w.addWaiter(waiter);
            cancellations.add(() -> w.removeWaiter(waiter));
        }
        timerId = context.owner().setTimer(Math.max(1, remainingMs), id -> {
            timerId = -1;
            wake();
        });
    }

    /** On the connection context: the first wake-up (append or timer) re-reads; later ones are no-ops. */
    private void wake() {
        if (woken) {
            return;
        }
        woken = true;
        if (timerId != -1) {
            context.cancelTimer(timerId);
            timerId = -1;
        }
        cancellations.forEach(Runnable::run);
        cancellations.clear();
        attempt();
    }
}
