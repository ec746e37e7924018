package io.spate.broker.core;

import io.spate.common.Time;
import io.spate.log.AppendOrigin;
import io.spate.log.LogAppendInfo;
import io.spate.log.LogConfig;
import io.spate.log.LogStorageException;
import io.spate.log.PartitionLog;
import io.spate.log.ProducerBatchRefusedException;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.TopicPartition;
import io.spate.replication.AckStatus;
import io.spate.replication.FollowerLog;
import io.spate.replication.IsrOptions;
import io.spate.replication.IsrProposer;
import io.spate.replication.OffsetForLeaderEpochHandler;
import io.spate.replication.PartitionFollowerLog;
import io.spate.replication.PartitionLeadership;
import io.spate.transport.LoopContext;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * The single owner of one partition's log. Every append, read, high-watermark move and fetch
 * wake-up runs on {@link #context()}, one event-loop context, so the log and the fields below need
 * no locks. Callers on other contexts get a Future that completes on the owner context.
 *
 * <p>Durability (see {@link FlushPolicy}): with ACKS_ALL, a flush loop keeps fsyncing on a worker
 * thread while unflushed bytes exist; one fsync covers every append that arrived before it started
 * (group commit). {@code acks=all} answers wait for the fsync that covers them, and the high
 * watermark (what consumers may read) only ever covers fsynced offsets. With INTERVAL the high
 * watermark follows the log end at once and fsync runs on the node's flush timer.
 *
 * <p>States: OPEN → CLOSED (topic deleted or node stopping) and OPEN → FAILED (a storage error that
 * took the log offline; every later write gets KAFKA_STORAGE_ERROR, while consumers still read what
 * lies below the high watermark). FAILED → CLOSED. No other transitions.
 *
 * <p>Storage failures that leave the log open ({@link LogStorageException#retriable()}) do not fail
 * the writer: an append refused for lack of space or file descriptors is answered
 * KAFKA_STORAGE_ERROR and the next one tries again (writes resume by themselves when space returns),
 * logged at most every {@link RateLimitedWarning#INTERVAL_MS} and once more when appends succeed
 * again; a checkpoint that could not be written fails its Future (the node's checkpoint round logs
 * it) and is tried again at the next interval.
 */
public final class PartitionWriter {
    private static final System.Logger LOG = System.getLogger(PartitionWriter.class.getName());

    enum State { OPEN, FAILED, CLOSED }

    private final TopicPartition tp;
    private final LoopContext context;
    private final PartitionLog log;
    private final FlushPolicy flushPolicy;
    private volatile LogConfig config;

    // owner-context state
    private State state = State.OPEN;
    private String failure;
    private ErrorCode failureError;
    private boolean flushing;
    private final Time time;
    private long lastFlushMs;
    private final PendingAcks pendingAcks = new PendingAcks();
    private final FetchWaiters waiters = new FetchWaiters();
    private final PartitionLeadership leadership; // owner context
    /** The epoch this replica leads in, or NOT_LEADER: a snapshot for other contexts. */
    private volatile int leadingEpoch;
    private final FollowerLog followerLog;
    private final RateLimitedWarning refusedAppends;
    private final PartitionFileWork fileWork;
    private final PartitionReads reads;
    private final RecordDeletions deletions;

    /**
     * @param leads whether it is a single node's sole leader; a clustered node's replicas start as
     *              followers and learn their role from {@link #applyState}
     * @param time  the clock of flush.ms and of the followers' lag
     */
    public PartitionWriter(TopicPartition tp, LoopContext context, PartitionLog log, FlushPolicy flushPolicy,
                           boolean leads, Time time) {
        this.tp = tp;
        this.time = time;
        this.refusedAppends = new RateLimitedWarning(PartitionWriter.class, time);
        this.fileWork = new PartitionFileWork(context, log, () -> state == State.OPEN, this::transitionToFailed);
        this.reads = new PartitionReads(tp, log, this::transitionToFailed);
        this.lastFlushMs = time.milliseconds();
        this.leadership = leads ? PartitionLeadership.soleLeader(tp, () -> config.minInSyncReplicas())
                : PartitionLeadership.follower(tp, () -> config.minInSyncReplicas(), time::milliseconds);
        this.leadingEpoch = leads ? 0 : OffsetForLeaderEpochHandler.NOT_LEADER;
        this.followerLog = new PartitionFollowerLog(log, context.asContext(), () -> state == State.OPEN ? null : tp + " is " + state);
        this.context = context;
        this.log = log;
        this.flushPolicy = flushPolicy;
        this.config = log.config();
        this.deletions = new RecordDeletions(tp, context, log, leadership);
        if (log.isOffline()) {
            // held offline since the node started (damage found at load): refuse everything from the start
            state = State.FAILED;
            failureError = ErrorCode.KAFKA_STORAGE_ERROR;
            failure = "storage error on " + tp + ": " + log.offlineCause().getMessage();
        } else if (flushPolicy == FlushPolicy.INTERVAL) {
            log.updateHighWatermark(log.logEndOffset());
        }
    }

    public TopicPartition topicPartition() {
        return tp;
    }

    public LoopContext context() {
        return context;
    }

    /** Safe from any thread: the settings used to validate requests before the hand-off. */
    public LogConfig config() {
        return config;
    }

    /** Runs {@code task} on the owner context; its exceptions fail the Future. */
    <T> Future<T> onOwner(Callable<T> task) {
        Promise<T> promise = context.promise();
        context.execute(() -> {
            try {
                promise.complete(task.call());
            } catch (Exception e) {
                promise.fail(e);
            }
        });
        return promise.future();
    }

    /**
     * Appends already validated batches. {@code batches} must stay readable until the Future
     * completes. The Future completes when the answer may be sent: at once for acks 0/1 (or with
     * INTERVAL), after the covering fsync for acks=all with ACKS_ALL.
     */
    public Future<AppendResult> append(ByteBuffer batches, short acks) {
        return append(batches, acks, AppendOrigin.CLIENT);
    }

    /** As {@link #append(ByteBuffer, short)}, with the producer rules of {@code origin}. */
    public Future<AppendResult> append(ByteBuffer batches, short acks, AppendOrigin origin) {
        Promise<AppendResult> promise = context.promise();
        context.execute(() -> doAppend(batches, acks, origin, promise));
        return promise.future();
    }

    private void doAppend(ByteBuffer batches, short acks, AppendOrigin origin, Promise<AppendResult> promise) {
        LogAppendInfo info = appendOrAnswer(() -> log.append(batches, leadership.epoch(), origin), acks, promise);
        if (info == null) {
            return;
        }
        refusedAppends.ended(tp + ": appends succeed again");
        AppendResult result = new AppendResult(ErrorCode.NONE, null, info.firstOffset(), info.logAppendTime(),
                log.logStartOffset());
        if (info.duplicate()) {
            answerDuplicate(info, acks, promise, result);
            return;
        }
        waiters.appended(log.logEndOffset());
        leadership.appended(log.logEndOffset());
        if (flushPolicy == FlushPolicy.INTERVAL) {
            if (acks == -1 && leadership.state() == PartitionLeadership.State.REPLICATED_LEADER) {
                pendingAcks.add(info.lastOffset() + 1, promise, result);
            } else {
                promise.complete(result);
            }
            commit();
            // the topic's own flush.messages / flush.ms, on top of the node's flush timer
            LogConfig c = config;
            if (log.logEndOffset() - log.recoveryPoint() >= c.flushMessages()
                    || time.milliseconds() - lastFlushMs >= c.flushMs()) {
                maybeStartFlush();
            }
            return;
        }
        if (acks == -1) {
            pendingAcks.add(info.lastOffset() + 1, promise, result);
        } else {
            promise.complete(result);
        }
        maybeStartFlush();
    }

    /**
     * A retried idempotent batch already in the log: nothing was written, and it is answered as its
     * first copy would be — under acks=all only once that copy is committed (durable here and, when
     * replicated, in the ISR), so a retry never learns of success earlier than the original would have.
     * PendingAcks answers in queue order, so a duplicate queued behind later writes waits for them too.
     */
    private void answerDuplicate(LogAppendInfo info, short acks, Promise<AppendResult> promise, AppendResult result) {
        boolean waits = acks == -1 && (flushPolicy == FlushPolicy.ACKS_ALL
                || leadership.state() == PartitionLeadership.State.REPLICATED_LEADER);
        if (!waits) {
            promise.complete(result);
            return;
        }
        pendingAcks.add(info.lastOffset() + 1, promise, result);
        commit();
        maybeStartFlush();
    }

    /**
     * Runs {@code append} as the leader, or answers {@code promise} with why not (the writer is not open, it
     * does not lead, the producer rules refused it, a storage error) and returns null.
     */
    private LogAppendInfo appendOrAnswer(java.util.function.Supplier<LogAppendInfo> append, short acks,
                                         Promise<AppendResult> promise) {
        if (state != State.OPEN) {
            promise.complete(AppendResult.failed(failureError, failure));
            return null;
        }
        PartitionLeadership.Refusal refused = leadership.refuseAppend(acks);
        if (refused != null) {
            promise.complete(AppendResult.failed(refused.error(), refused.message()));
            return null;
        }
        try {
            return append.get();
        } catch (ProducerBatchRefusedException e) {
            // the producer rules refused it: nothing was written, the log is fine
            promise.complete(AppendResult.refused(e));
        } catch (LogStorageException e) {
            if (e.retriable()) {
                refusedAppends.occurred(tp + ": append refused with KAFKA_STORAGE_ERROR, nothing written; the next"
                        + " append tries again: " + e.getMessage());
            } else {
                transitionToFailed(e);
            }
            promise.complete(AppendResult.failed(ErrorCode.KAFKA_STORAGE_ERROR, e.getMessage()));
        } catch (RuntimeException e) {
            transitionToFailed(e);
            promise.complete(AppendResult.failed(ErrorCode.KAFKA_STORAGE_ERROR, e.getMessage()));
        }
        return null;
    }

    /**
     * Appends as the leader the marker ending {@code producerId}'s transaction here ({@link
     * io.spate.log.LogTransactions#appendMarker}), answered like an acks=all produce: once committed, or refused.
     */
    public Future<AppendResult> appendTxnMarker(long producerId, short producerEpoch, boolean commit, int coordinatorEpoch) {
        Promise<AppendResult> promise = context.promise();
        context.execute(() -> {
            LogAppendInfo info = appendOrAnswer(() -> log.transactions().appendMarker(producerId, producerEpoch, commit,
                    coordinatorEpoch, leadership.epoch()), (short) -1, promise);
            if (info == null) {
                return;
            }
            waiters.appended(log.logEndOffset());
            leadership.appended(log.logEndOffset());
            pendingAcks.add(info.lastOffset() + 1, promise, new AppendResult(ErrorCode.NONE, null, info.firstOffset(),
                    info.logAppendTime(), log.logStartOffset()));
            commit();
            waiters.highWatermarkMoved(log.highWatermark(), log.transactions().lastStableOffset());
            maybeStartFlush();
        });
        return promise.future();
    }

    /** The producers this leader keeps state for (DescribeProducers). */
    public Future<DescribedProducers> describeProducers() {
        return onOwner(() -> state == State.CLOSED ? DescribedProducers.failed(failureError, failure)
                : !leadership.leads() ? DescribedProducers.failed(ErrorCode.NOT_LEADER_OR_FOLLOWER, leadership.notLeader())
                : DescribedProducers.of(log.producerState()));
    }

    /** Group commit: one fsync at a time, each covering everything appended before it began. */
    private void maybeStartFlush() {
        if (flushing || state != State.OPEN || log.logEndOffset() <= log.recoveryPoint()) {
            return;
        }
        flushing = true;
        context.executeBlocking(log::flush, false).onComplete(ar -> {
            flushing = false;
            if (ar.succeeded()) {
                onFlushed(ar.result());
                maybeStartFlush();
            } else {
                transitionToFailed(ar.cause());
            }
        });
    }

    private void onFlushed(long flushedOffset) {
        lastFlushMs = time.milliseconds();
        log.markFlushed(flushedOffset);
        commit();
    }

    /**
     * Moves the high watermark to what is committed — durable here (fsynced under ACKS_ALL) and,
     * when leading a replicated partition, held by every in-sync replica — and answers the acks
     * that became due.
     */
    private void commit() {
        long durable = flushPolicy == FlushPolicy.ACKS_ALL ? log.recoveryPoint() : log.logEndOffset();
        if (leadership.leads()) {
            advanceHighWatermark(leadership.committed(durable));
        }
        pendingAcks.complete(durable, this::verdict);
    }

    /** The answer to an acks=all write ending at {@code end} that is durable here: null = keep waiting. */
    private AppendResult verdict(long end, AppendResult ok) {
        AckStatus status = leadership.ackStatus(end);
        return status == AckStatus.WAITING ? null : status == AckStatus.ACKNOWLEDGED ? ok
                : AppendResult.failed(status.error(), tp + ": the ISR is smaller than min.insync.replicas");
    }

    private void advanceHighWatermark(long offset) {
        if (offset <= log.highWatermark()) {
            return;
        }
        log.updateHighWatermark(offset);
        waiters.highWatermarkMoved(log.highWatermark(), log.transactions().lastStableOffset());
    }

    /**
     * Starts the group-commit fsync if unflushed bytes exist and none is running (the node's flush
     * timer, which matters for the interval policy): one fsync mechanism, never two at once.
     */
    public void flushSoon() {
        context.execute(this::maybeStartFlush);
    }

    /**
     * Selects whole batches from {@code offset}, below the high watermark, as a file region (no bytes are
     * read here). An offset equal to the high watermark reads nothing; outside [log start, high watermark]
     * is OFFSET_OUT_OF_RANGE. {@code committed} (read_committed): see {@link PartitionReads#consumer}.
     */
    public Future<PartitionRead> read(long offset, int maxBytes, boolean minOneBatch, boolean committed) {
        return onOwner(() -> doRead(offset, maxBytes, minOneBatch, committed));
    }

    /**
     * A coordinator's load of this partition it leads: whole batches from {@code offset} up to the log end,
     * past the high watermark (a new leader learns the high watermark from its followers only later, and
     * what its log holds is what it will commit as leader; Kafka's coordinators load to the log end too).
     */
    public Future<PartitionRead> readToLogEnd(long offset, int maxBytes) {
        return onOwner(() -> reads.upTo(offset, maxBytes, true, log.logEndOffset(), log.logEndOffset()));
    }

    private PartitionRead doRead(long offset, int maxBytes, boolean minOneBatch, boolean committed) {
        if (state == State.CLOSED) {
            return PartitionRead.failed(failureError, failure, log.highWatermark(), log.logStartOffset());
        }
        return leadership.leads() ? reads.consumer(offset, maxBytes, minOneBatch, committed)
                : PartitionRead.failed(ErrorCode.NOT_LEADER_OR_FOLLOWER, leadership.notLeader(), -1, -1);
    }

    /**
     * A follower's fetch (Fetch with its replica id): whole batches from {@code offset} up to the log
     * end, not the high watermark. The fetch offset is the follower's log end, which may move the
     * high watermark (and answer acks) and may let it back into the ISR; its log start ({@link
     * FetchPosition#UNKNOWN_LOG_START} if it does not report one) may answer DeleteRecords.
     */
    public Future<PartitionRead> readForReplica(int replicaId, int currentLeaderEpoch, long offset, long logStart,
                                                int maxBytes) {
        return onOwner(() -> doReplicaRead(replicaId, currentLeaderEpoch, offset, logStart, maxBytes));
    }

    private PartitionRead doReplicaRead(int replicaId, int currentLeaderEpoch, long offset, long logStart, int maxBytes) {
        long end = log.logEndOffset();
        if (state != State.OPEN) {
            // a failed leader serves no follower: what it holds past its last good fsync is in doubt
            return PartitionRead.failed(failureError, failure, log.highWatermark(), log.logStartOffset());
        }
        PartitionLeadership.Refusal refused = leadership.onReplicaFetch(replicaId, currentLeaderEpoch, offset, logStart,
                log.logStartOffset(), end, this::commit);
        deletions.check();
        return refused != null ? PartitionRead.failed(refused.error(), refused.message(), -1, -1)
                : reads.upTo(offset, maxBytes, true, end, end);
    }

    /** DeleteRecords on this partition, answered once its followers moved too: see {@link RecordDeletions#delete}. */
    Future<DeletedRecords> deleteRecords(long offset, long timeoutMs, java.util.function.IntPredicate live) {
        return deletions.delete(offset, timeoutMs, live);
    }

    /**
     * Parks a fetch until the high watermark (a follower's: the log end) passes the waiter's
     * offset. If it already has, the waiter runs at once, so no append can slip between a fetch's
     * read and its registration. A closed writer wakes it at once (its next read answers the error),
     * as does a FAILED one for a follower; a consumer's fetch on a FAILED writer, which still reads,
     * waits for its deadline like on a quiet partition (no append will come to wake it).
     */
    public void addWaiter(FetchWaiter waiter) {
        context.execute(() -> {
            long visible = waiter.replica() ? log.logEndOffset()
                    : waiter.committed() ? log.transactions().lastStableOffset() : log.highWatermark();
            boolean answersError = state == State.CLOSED || state == State.FAILED && waiter.replica();
            if (answersError || visible > waiter.offset()) {
                waiter.wake().run();
            } else {
                waiters.add(waiter);
            }
        });
    }

    public void removeWaiter(FetchWaiter waiter) {
        context.execute(() -> waiters.remove(waiter));
    }

    /** How many fetches are parked here: an inspection for tests. */
    Future<Integer> waiterCount() {
        return onOwner(waiters::size);
    }

    /** The offset of a ListOffsets spec (-2 earliest, -1 latest, else by time) and the record's timestamp: see {@link PartitionReads#offsetFor}. */
    public Future<io.spate.log.TimestampOffset> offsetFor(long timestamp, boolean committed) {
        return onOwner(() -> reads.offsetFor(timestamp, committed));
    }

    /** The log's offsets and size; fails once the writer is closed (its log may be gone). */
    public Future<PartitionLogState> describe() {
        return onOwner(() -> {
            if (state == State.CLOSED) {
                throw new IllegalStateException(tp + " is closed");
            }
            return new PartitionLogState(tp.partition(), log.logStartOffset(), log.logEndOffset(),
                log.highWatermark(), log.sizeInBytes(), log.segmentCount());
        });
    }

    /**
     * Applies a topic's new settings. A changed min.insync.replicas governs the next answer at once:
     * a lowered one may release the high watermark and acks waiting on it.
     */
    public Future<Void> updateConfig(LogConfig newConfig) {
        return onOwner(() -> {
            log.updateConfig(newConfig);
            config = newConfig;
            if (state == State.OPEN) {
                commit();
            }
            return null;
        });
    }

    /** Writes the partition checkpoint on a worker; one that cannot be written changes nothing ({@link PartitionFileWork#checkpoint}). */
    public Future<Void> checkpoint() {
        return fileWork.checkpoint();
    }

    /** Applies retention; returns the number of segments deleted. */
    public Future<Integer> applyRetention(long nowMs) {
        return onOwner(() -> state == State.OPEN ? log.deleteExpiredSegments(nowMs) : 0);
    }

    /**
     * Forgets the idempotent producers not updated for {@code expirationMs} ({@code producer.id.expiration.ms}); how many.
     */
    public Future<Integer> expireProducers(long nowMs, long expirationMs) {
        return onOwner(() -> state == State.OPEN ? log.producerState().removeExpired(nowMs, expirationMs) : 0);
    }

    /**
     * Stops the writer: pending acks and parked fetches are answered, the log is flushed and
     * closed on a worker. After this every request gets an error.
     */
    public Future<Void> close(ErrorCode reason) {
        return close(reason, null);
    }

    /**
     * As {@link #close(ErrorCode)}, closing the log on {@code fileWork} (null: the node's worker
     * pool). The topic manager closes the partitions of a deleted topic on its own small pool, so
     * that a thousand of them do not queue ahead of the fsyncs that produce requests wait for.
     */
    public Future<Void> close(ErrorCode reason, io.vertx.core.WorkerExecutor fileWork) {
        return close(reason, fileWork, false);
    }

    /**
     * As {@link #close(ErrorCode, io.vertx.core.WorkerExecutor)}, for a partition whose log is deleted
     * next (a deleted topic, a replica moved to other nodes): the log's files are closed without a
     * flush or checkpoint ({@link PartitionLog#closeForDeletion}), since no one reads them again.
     */
    public Future<Void> closeForDeletion(ErrorCode reason, io.vertx.core.WorkerExecutor fileWork) {
        return close(reason, fileWork, true);
    }

    private Future<Void> close(ErrorCode reason, io.vertx.core.WorkerExecutor fileWork, boolean deleting) {
        Promise<Void> done = context.promise();
        context.execute(() -> {
            if (state == State.CLOSED) {
                done.complete();
                return;
            }
            state = State.CLOSED;
            failureError = reason;
            failure = reason == ErrorCode.UNKNOWN_TOPIC_OR_PARTITION ? tp + " was deleted" : tp + " is closing";
            waiters.wakeAll();
            deletions.failAll(reason, failure);
            java.util.concurrent.Callable<Void> closeLog = () -> {
                if (deleting) {
                    log.closeForDeletion();
                } else {
                    log.close();
                }
                return null;
            };
            (fileWork == null ? context.executeBlocking(closeLog, false) : fileWork.executeBlocking(closeLog, false))
                    .onComplete(ar -> {
                long flushed = log.recoveryPoint();
                pendingAcks.drain(leadership.committed(flushed),
                        end -> AppendResult.failed(ErrorCode.NOT_LEADER_OR_FOLLOWER, "node stopping before " + tp
                                + " was fsynced and replicated"));
                if (ar.failed()) {
                    LOG.log(System.Logger.Level.WARNING, "closing " + tp + " failed", ar.cause());
                }
                done.complete();
            });
        });
        return done.future();
    }

    private void transitionToFailed(Throwable cause) {
        if (state != State.OPEN) {
            return;
        }
        state = State.FAILED;
        failureError = ErrorCode.KAFKA_STORAGE_ERROR;
        failure = "storage error on " + tp + ": " + cause.getMessage();
        LOG.log(System.Logger.Level.ERROR, failure, cause);
        String message = failure;
        pendingAcks.drain(leadership.committed(log.recoveryPoint()),
                end -> AppendResult.failed(ErrorCode.KAFKA_STORAGE_ERROR, message));
        deletions.failAll(ErrorCode.KAFKA_STORAGE_ERROR, message);
        waiters.wakeAll();
    }

    /**
     * Applies the partition's state from the cluster metadata. As its leader ({@code s.leader() ==
     * self}) in a new epoch, the log records where the epoch starts and the followers' progress is
     * tracked anew, and it leads only while {@code fenced} answers false (the node holds the metadata
     * quorum's lease; {@link PartitionLeadership#NEVER_FENCED} without one): while true, every produce
     * is answered NOT_LEADER_OR_FOLLOWER and the high watermark stays where it is. In the same epoch,
     * the ISR is updated. As a follower it answers produce and consumer fetches NOT_LEADER_OR_FOLLOWER,
     * and acks it still owed fail (a deposed leader can no longer tell whether they will be committed).
     */
    public Future<Void> applyState(io.spate.cluster.PartitionState s, int self, IsrOptions options, IsrProposer proposer,
                                   java.util.function.BooleanSupplier fenced) {
        return onOwner(() -> {
            boolean leads = s.leader() == self;
            if (leads && (!leadership.leads() || s.leaderEpoch() != leadership.epoch())) {
                if (s.leaderEpoch() > log.leaderEpochCache().latestEpoch()) {
                    log.leaderEpochCache().assign(s.leaderEpoch(), log.logEndOffset());
                }
                leadership.transitionToReplicatedLeader(s.leaderEpoch(), self, s.replicas(), Set.copyOf(s.isr()),
                        log.logEndOffset(), log.highWatermark(), options, proposer, fenced);
            } else if (leads) {
                leadership.updateReplicas(s.replicas(), Set.copyOf(s.isr()));
            } else if (leadership.transitionToFollower(s.leaderEpoch())) {
                pendingAcks.failAll(ErrorCode.NOT_LEADER_OR_FOLLOWER, tp + " moved to another leader before the write"
                        + " was replicated");
                deletions.stoppedLeading();
            }
            leadingEpoch = leadership.leads() ? leadership.epoch() : OffsetForLeaderEpochHandler.NOT_LEADER;
            commit();
            deletions.check(); // a replica gone from the partition no longer holds the low watermark
            return null;
        });
    }

    /** A follower's own view of the log, for its replica fetcher (appends run on this context); always the same one. */
    public FollowerLog followerLog() {
        return followerLog;
    }

    /** The local log, for answers that only read its epoch cache (OffsetForLeaderEpoch). */
    PartitionLog log() {
        return log;
    }

    /** This replica's leader epoch if it leads, else {@link OffsetForLeaderEpochHandler#NOT_LEADER}. */
    int leaderEpochIfLeading() {
        return leadingEpoch;
    }

    /** Proposes dropping followers that fell behind for longer than replica.lag.time.max.ms (a node timer). */
    public void checkIsr() {
        context.execute(() -> {
            if (state == State.OPEN) {
                leadership.checkIsr();
            }
        });
    }

    /** One compaction pass on a worker (see {@link PartitionFileWork#clean}). */
    public Future<io.spate.log.CleanerStats> clean() {
        return fileWork.clean();
    }
}
