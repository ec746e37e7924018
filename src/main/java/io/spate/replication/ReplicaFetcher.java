package io.spate.replication;

import io.netty.buffer.ByteBuf;
import io.spate.common.Time;
import io.spate.log.EpochEndOffset;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.FetchRequest;
import io.spate.protocol.FetchResponse;
import io.spate.protocol.OffsetForLeaderEpochRequest;
import io.spate.protocol.OffsetForLeaderEpochResponse;
import io.spate.protocol.TopicPartition;
import io.spate.record.RecordBatch;
import io.spate.transport.LoopContext;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A follower's fetcher from one leader node (Kafka's {@code ReplicaFetcherThread}): it keeps a set of
 * partitions, each with the leader epoch the follower knows and its {@link FollowerLog}, and copies
 * the leader's batches into them.
 *
 * <p>It works in rounds, one at a time, on its own context:
 * <ol>
 * <li><b>Truncation.</b> A partition just added (a new epoch) first finds where its log diverged: it
 *     asks the leader OffsetForLeaderEpoch for its latest local epoch and truncates as
 *     {@link Divergence} says, possibly over several rounds. A log without epochs truncates to its
 *     high watermark without asking.</li>
 * <li><b>Fetch.</b> One Fetch for every fetching partition: replica id = this node, the partition's
 *     leader epoch as current_leader_epoch, fetch offset = the log end offset, log start offset =
 *     the local log's (the leader's DeleteRecords waits for it), long-polled by the leader up to max
 *     wait. Whole batches returned go to {@link FollowerLog#appendAsFollower}, then the high
 *     watermark becomes min(leader's high watermark, local log end), then the log start moves up to
 *     the leader's (as far as that high watermark). The next round starts as soon as this one is
 *     done; the leader's long poll paces it.</li>
 * </ol>
 * Errors: FENCED_LEADER_EPOCH, NOT_LEADER_OR_FOLLOWER and UNKNOWN_TOPIC_OR_PARTITION stop the
 * partition and report it ({@link FetcherListener#onFenced}) until it is added again; a log that
 * refuses or fails an operation stops the partition ({@link FetcherListener#onFailed});
 * OFFSET_OUT_OF_RANGE restarts the log at the leader's log start when the follower is below it, and
 * otherwise goes back to truncation; any other partition error, and a request that fails as a whole
 * (connection lost, timeout), backs the partitions concerned off for {@code backoffMs}.
 *
 * <p>Threading: all state is confined to the context given at construction; the public methods may
 * be called from any thread and their Futures complete on that context. Nothing blocks: log
 * operations are Futures (run on the log owner's context), requests are Futures.
 */
public final class ReplicaFetcher {
    private static final System.Logger LOG = System.getLogger(ReplicaFetcher.class.getName());

    /** The fetcher's lifecycle: RUNNING → CLOSED, final. */
    private enum State { RUNNING, CLOSED }

    private final int replicaId;
    private final int leaderId;
    private final LeaderClient leader;
    private final ReplicaFetcherOptions options;
    private final LoopContext context;
    private final Time time;
    private final FetcherListener listener;
    private final Map<TopicPartition, PartitionFetch> partitions = new LinkedHashMap<>();
    private State state = State.RUNNING;
    /** The round under way, or null when idle. */
    private Future<Void> round;
    /** The timer that ends a backoff, or -1. */
    private long wakeTimer = -1;

    /**
     * @param replicaId this (follower) node's id, sent as the Fetch replica_id
     * @param leaderId  the leader node's id, for messages
     * @param context   the context all the fetcher's work runs on
     * @param time      the clock backoffs are measured on
     */
    public ReplicaFetcher(int replicaId, int leaderId, LeaderClient leader, ReplicaFetcherOptions options,
                          LoopContext context, Time time, FetcherListener listener) {
        this.replicaId = replicaId;
        this.leaderId = leaderId;
        this.leader = leader;
        this.options = options;
        this.context = context;
        this.time = time;
        this.listener = listener;
    }

    /**
     * Starts (or restarts) replicating {@code tp} into {@code log} at {@code leaderEpoch}: the partition
     * truncates to its divergence point, then fetches. Adding a partition that is already replicating
     * with the same epoch and log changes nothing; anything else replaces it (a stopped partition
     * starts again). Takes effect at the next round.
     */
    public Future<Void> addPartition(TopicPartition tp, int leaderEpoch, FollowerLog log) {
        return onContext(() -> {
            ensureRunning();
            PartitionFetch existing = partitions.get(tp);
            if (existing == null || !existing.isActive() || existing.leaderEpoch() != leaderEpoch
                    || existing.log() != log) {
                partitions.put(tp, new PartitionFetch(tp, leaderEpoch, log));
                wake();
            }
            return Future.succeededFuture();
        });
    }

    /**
     * Stops replicating {@code tp} at once, without waiting for the round under way (whose request
     * may be held by a dead leader until it times out): answers for it that arrive later are
     * ignored. Completes on the fetcher's context once the partition is dropped; a log operation
     * this fetcher handed to the log's owner before then is queued ahead of anything the caller
     * hands there afterwards, and one that reaches a log its owner closed meanwhile fails harmlessly
     * ({@link ReplicaStoppedException}).
     */
    public Future<Void> dropPartition(TopicPartition tp) {
        return onContext(() -> {
            partitions.remove(tp);
            return Future.succeededFuture();
        });
    }

    /** The partitions and their states, for tests and describe. */
    public Future<Map<TopicPartition, String>> partitionStates() {
        return onContext(() -> {
            Map<TopicPartition, String> out = new LinkedHashMap<>();
            partitions.forEach((tp, p) -> out.put(tp, p.state().name()));
            return Future.succeededFuture(out);
        });
    }

    /**
     * Stops the fetcher: no new round starts, the leader client is closed (failing the request in
     * flight), every partition is dropped. Completes when the round under way has ended. Idempotent.
     */
    public Future<Void> close() {
        return onContext(() -> {
            if (state == State.CLOSED) {
                return afterRound();
            }
            state = State.CLOSED;
            cancelWakeTimer();
            partitions.clear();
            Future<Void> closed = leader.close().otherwise((Void) null);
            return Future.join(closed, afterRound()).mapEmpty();
        });
    }

    private <T> Future<T> onContext(Supplier<Future<T>> action) {
        Promise<T> promise = context.promise();
        context.execute(() -> {
            try {
                action.get().onComplete(promise);
            } catch (RuntimeException e) {
                promise.fail(e);
            }
        });
        return promise.future();
    }

    /** Brings a Future's completion back to the fetcher's context. */
    private <T> Future<T> here(Future<T> f) {
        Promise<T> promise = context.promise();
        f.onComplete(promise);
        return promise.future();
    }

    private void ensureRunning() {
        if (state != State.RUNNING) {
            throw new IllegalStateException("the fetcher from node " + leaderId + " is closed");
        }
    }

    private Future<Void> afterRound() {
        Future<Void> r = round;
        return r == null ? Future.succeededFuture() : r.transform(ar -> Future.succeededFuture());
    }

    private boolean isCurrent(PartitionFetch p) {
        return state == State.RUNNING && partitions.get(p.tp()) == p && p.isActive();
    }

    private long nowMs() {
        return time.hiResClockMs();
    }

    /** Starts a round if none is under way and a partition is ready, else waits for the next backoff end. */
    private void wake() {
        if (state != State.RUNNING || round != null) {
            return;
        }
        long now = nowMs();
        long nextRetry = Long.MAX_VALUE;
        boolean ready = false;
        for (PartitionFetch p : partitions.values()) {
            if (p.isActive()) {
                ready |= p.retryAtMs() <= now;
                nextRetry = Math.min(nextRetry, p.retryAtMs());
            }
        }
        if (!ready) {
            if (nextRetry != Long.MAX_VALUE) {
                scheduleWake(nextRetry - now);
            }
            return;
        }
        cancelWakeTimer();
        Future<Void> started = here(runRound().recover(t -> {
            LOG.log(System.Logger.Level.ERROR, "replica fetcher from node " + leaderId + " failed a round", t);
            return Future.succeededFuture();
        }));
        round = started;
        started.onComplete(ar -> {
            round = null;
            wake();
        });
    }

    private void scheduleWake(long delayMs) {
        cancelWakeTimer();
        wakeTimer = context.setTimer(Math.max(1, delayMs), id -> {
            wakeTimer = -1;
            wake();
        });
    }

    private void cancelWakeTimer() {
        if (wakeTimer >= 0) {
            context.cancelTimer(wakeTimer);
            wakeTimer = -1;
        }
    }

    private List<PartitionFetch> ready(PartitionFetch.State wanted) {
        long now = nowMs();
        return partitions.values().stream().filter(p -> p.isReady(wanted, now)).toList();
    }

    private Future<Void> runRound() {
        List<PartitionFetch> truncating = ready(PartitionFetch.State.TRUNCATING);
        Future<Void> truncated = truncating.isEmpty() ? Future.succeededFuture() : truncate(truncating);
        return truncated.compose(v -> {
            List<PartitionFetch> fetching = ready(PartitionFetch.State.FETCHING);
            return fetching.isEmpty() || state != State.RUNNING ? Future.succeededFuture() : fetch(fetching);
        });
    }

    // ---- truncation -------------------------------------------------------------------------------

    private Future<Void> truncate(List<PartitionFetch> list) {
        List<Future<Void>> done = new ArrayList<>();
        List<PartitionFetch> ask = new ArrayList<>();
        for (PartitionFetch p : list) {
            if (p.log().latestEpoch() == EpochEndOffset.UNDEFINED_EPOCH) {
                long to = Math.min(p.log().highWatermark(), p.log().logEndOffset());
                done.add(applyTruncation(p, new Divergence(to, true)));
            } else {
                ask.add(p);
            }
        }
        if (!ask.isEmpty()) {
            done.add(askLeader(ask));
        }
        return Future.join(done).mapEmpty();
    }

    private Future<Void> askLeader(List<PartitionFetch> ask) {
        Map<String, List<OffsetForLeaderEpochRequest.PartitionData>> byTopic = new LinkedHashMap<>();
        Map<TopicPartition, PartitionFetch> sent = new LinkedHashMap<>();
        for (PartitionFetch p : ask) {
            byTopic.computeIfAbsent(p.tp().topic(), k -> new ArrayList<>()).add(new OffsetForLeaderEpochRequest
                    .PartitionData(p.tp().partition(), p.leaderEpoch(), p.log().latestEpoch()));
            sent.put(p.tp(), p);
        }
        OffsetForLeaderEpochRequest request = new OffsetForLeaderEpochRequest(replicaId, byTopic.entrySet().stream()
                .map(e -> new OffsetForLeaderEpochRequest.TopicData(e.getKey(), e.getValue())).toList());
        return here(leader.offsetForLeaderEpoch(request)).compose(response -> {
            List<Future<Void>> done = new ArrayList<>();
            for (OffsetForLeaderEpochResponse.TopicResponse t : response.topics()) {
                for (OffsetForLeaderEpochResponse.PartitionResponse r : t.partitions()) {
                    PartitionFetch p = sent.remove(new TopicPartition(t.name(), r.partition()));
                    if (p != null && isCurrent(p) && p.state() == PartitionFetch.State.TRUNCATING) {
                        done.add(onEpochAnswer(p, r));
                    }
                }
            }
            sent.values().forEach(this::backOff); // not answered
            return Future.join(done).<Void>mapEmpty();
        }, failure -> requestFailed("OffsetForLeaderEpoch", ask, failure));
    }

    private Future<Void> onEpochAnswer(PartitionFetch p, OffsetForLeaderEpochResponse.PartitionResponse r) {
        if (r.error() != ErrorCode.NONE) {
            onPartitionError(p, r.error(), "OffsetForLeaderEpoch: " + r.error());
            return Future.succeededFuture();
        }
        FollowerLog log = p.log();
        return applyTruncation(p, Divergence.resolve(r.leaderEpoch(), r.endOffset(), log.logEndOffset(),
                log.highWatermark(), log::endOffsetFor));
    }

    private Future<Void> applyTruncation(PartitionFetch p, Divergence d) {
        // also at the log end: the log then drops epochs that start there without data
        return here(p.log().truncateTo(d.truncateTo())).map(v -> {
            if (d.complete() && isCurrent(p)) {
                p.transitionToFetching();
            }
            return (Void) null;
        }).recover(t -> failed(p, t));
    }

    // ---- fetch ------------------------------------------------------------------------------------

    private Future<Void> fetch(List<PartitionFetch> list) {
        Map<String, List<FetchRequest.PartitionData>> byTopic = new LinkedHashMap<>();
        Map<TopicPartition, PartitionFetch> sent = new LinkedHashMap<>();
        for (PartitionFetch p : list) {
            byTopic.computeIfAbsent(p.tp().topic(), k -> new ArrayList<>()).add(new FetchRequest.PartitionData(
                    p.tp().partition(), p.leaderEpoch(), p.log().logEndOffset(), p.log().logStartOffset(),
                    options.partitionMaxBytes()));
            sent.put(p.tp(), p);
        }
        FetchRequest request = new FetchRequest(replicaId, options.maxWaitMs(), options.minBytes(), options.maxBytes(),
                byTopic.entrySet().stream().map(e -> new FetchRequest.TopicData(e.getKey(), e.getValue())).toList());
        return here(leader.fetch(request)).compose(response -> {
            List<Future<Void>> done = new ArrayList<>();
            for (FetchResponse.TopicData t : response.topics()) {
                for (FetchResponse.PartitionData d : t.partitions()) {
                    PartitionFetch p = sent.get(new TopicPartition(t.name(), d.partition()));
                    if (p != null && isCurrent(p) && p.state() == PartitionFetch.State.FETCHING) {
                        done.add(onFetched(p, d));
                    }
                }
            }
            return Future.join(done).<Void>mapEmpty();
        }, failure -> requestFailed("Fetch", list, failure));
    }

    private Future<Void> onFetched(PartitionFetch p, FetchResponse.PartitionData d) {
        FollowerLog log = p.log();
        if (d.error() == ErrorCode.OFFSET_OUT_OF_RANGE) {
            return onOutOfRange(p, d);
        }
        if (d.error() != ErrorCode.NONE) {
            onPartitionError(p, d.error(), d.errorMessage());
            return Future.succeededFuture();
        }
        ByteBuffer batches = wholeBatches(d.records());
        Future<?> appended = batches == null ? Future.succeededFuture() : here(log.appendAsFollower(batches));
        return appended.compose(x -> here(log.updateHighWatermark(Math.min(d.highWatermark(), log.logEndOffset()))))
                // the leader's log start moved up (DeleteRecords): its records go here too, as far as replicated
                .compose(x -> d.logStartOffset() > log.logStartOffset() ? here(log.advanceLogStartOffset(d.logStartOffset()))
                        : Future.succeededFuture())
                .recover(t -> failed(p, t));
    }

    private Future<Void> onOutOfRange(PartitionFetch p, FetchResponse.PartitionData d) {
        FollowerLog log = p.log();
        if (log.logEndOffset() < d.logStartOffset()) {
            LOG.log(System.Logger.Level.INFO, p.tp() + ": log end " + log.logEndOffset() + " is below the leader's log start "
                    + d.logStartOffset() + "; restarting the log there");
            return here(log.truncateFullyAndStartAt(d.logStartOffset())).recover(t -> failed(p, t));
        }
        p.transitionToTruncating();
        backOff(p);
        return Future.succeededFuture();
    }

    /** The whole batches at the start of {@code records} (a response may end with a partial one), or null. */
    static ByteBuffer wholeBatches(ByteBuf records) {
        if (records == null || records.readableBytes() == 0) {
            return null;
        }
        ByteBuffer buf = records.nioBuffer();
        int start = buf.position();
        int end = start;
        while (buf.limit() - end >= RecordBatch.LOG_OVERHEAD) {
            long size = (long) buf.getInt(end + RecordBatch.LENGTH_OFFSET) + RecordBatch.LOG_OVERHEAD;
            if (size < RecordBatch.LOG_OVERHEAD || size > buf.limit() - end) {
                break;
            }
            end += (int) size;
        }
        return end == start ? null : buf.limit(end);
    }

    // ---- errors -----------------------------------------------------------------------------------

    private void onPartitionError(PartitionFetch p, ErrorCode error, String message) {
        switch (error) {
            case FENCED_LEADER_EPOCH, NOT_LEADER_OR_FOLLOWER, UNKNOWN_TOPIC_OR_PARTITION -> {
                p.transitionToStopped();
                LOG.log(System.Logger.Level.INFO, p.tp() + " at leader epoch " + p.leaderEpoch() + ": node " + leaderId
                        + " answered " + error + "; waiting for new metadata");
                listener.onFenced(p.tp(), p.leaderEpoch(), error, message);
            }
            default -> {
                LOG.log(System.Logger.Level.DEBUG, p.tp() + ": node " + leaderId + " answered " + error + ", retrying");
                backOff(p);
            }
        }
    }

    private Future<Void> failed(PartitionFetch p, Throwable t) {
        if (!isCurrent(p)) {
            return Future.succeededFuture(); // dropped meanwhile: its owner may have closed the log since
        }
        p.transitionToStopped();
        if (t instanceof ReplicaStoppedException) { // closed by its owner before the drop reached this fetcher
            LOG.log(System.Logger.Level.DEBUG, p.tp() + ": stopped replicating from node " + leaderId + ": " + t.getMessage());
        } else {
            LOG.log(System.Logger.Level.WARNING, p.tp() + ": stopped replicating from node " + leaderId, t);
            listener.onFailed(p.tp(), p.leaderEpoch(), t);
        }
        return Future.succeededFuture();
    }

    private Future<Void> requestFailed(String what, List<PartitionFetch> list, Throwable t) {
        LOG.log(System.Logger.Level.DEBUG, what + " to node " + leaderId + " failed: " + t.getMessage());
        list.forEach(this::backOff);
        return Future.succeededFuture();
    }

    private void backOff(PartitionFetch p) {
        p.backOffUntil(nowMs() + options.backoffMs());
    }
}
