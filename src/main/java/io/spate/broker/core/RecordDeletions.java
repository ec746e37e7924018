package io.spate.broker.core;

import io.spate.log.PartitionLog;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.TopicPartition;
import io.spate.replication.LeaderReplicaState;
import io.spate.replication.PartitionLeadership;
import io.spate.transport.LoopContext;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * DeleteRecords on one partition's leader (Kafka's {@code Partition.deleteRecordsOnLeader} and
 * {@code DelayedDeleteRecords}): the log start moves up to the offset asked (checkpointed before
 * anything else happens), then the answer waits until the partition's <b>low watermark</b> — the
 * smallest log start over the leader and the followers on live nodes, as their fetches report it
 * ({@link PartitionLeadership#lowWatermark}) — has reached that offset, so that no live follower
 * still holds the deleted records when the client hears of it (a follower that became leader would
 * serve them again). A sole leader (single node) has no followers: it answers at once.
 *
 * <p>Each answer waits at most its request's {@code timeout_ms}; then it is REQUEST_TIMED_OUT and
 * nothing is undone (the leader's log start stays moved, the followers still take it from their
 * fetches), as in Kafka. A timeout of 0 or less answers REQUEST_TIMED_OUT at once unless the low
 * watermark is already there. Answers still waiting when the replica stops leading are
 * NOT_LEADER_OR_FOLLOWER; when its log fails or closes, that error.
 *
 * <p>Confined to the partition writer's context: the writer hands {@link #delete} there, and calls
 * {@link #check} after each follower fetch and metadata change, {@link #failAll} when it stops leading.
 */
final class RecordDeletions {
    /** An answer owed: the offset asked and which nodes count as live for it. */
    private static final class Waiting {
        final long offset;
        final IntPredicate live;
        final Promise<DeletedRecords> promise;
        long timerId = -1;

        Waiting(long offset, IntPredicate live, Promise<DeletedRecords> promise) {
            this.offset = offset;
            this.live = live;
            this.promise = promise;
        }
    }

    private final TopicPartition tp;
    private final LoopContext context;
    private final PartitionLog log;
    private final PartitionLeadership leadership;
    private final List<Waiting> waiting = new ArrayList<>();

    RecordDeletions(TopicPartition tp, LoopContext context, PartitionLog log, PartitionLeadership leadership) {
        this.tp = tp;
        this.context = context;
        this.log = log;
        this.leadership = leadership;
    }

    /**
     * Deletes the records below {@code offset} ({@link Broker#DELETE_UP_TO_HIGH_WATERMARK}: the high watermark)
     * and answers once the low watermark reached it, or after {@code timeoutMs}. Refused, changing
     * nothing: NOT_LEADER_OR_FOLLOWER on a replica that does not lead (or is fenced),
     * POLICY_VIOLATION on a topic whose cleanup.policy lacks delete, OFFSET_OUT_OF_RANGE outside
     * [0, high watermark]. A log that cannot take the move (its checkpoint cannot be written, it is
     * closed) fails the Future with the log's exception. May be called from any context.
     *
     * @param live whether a node counts as live (Kafka: a registered, unfenced broker), asked at each check
     */
    Future<DeletedRecords> delete(long offset, long timeoutMs, IntPredicate live) {
        Promise<DeletedRecords> promise = context.promise();
        context.execute(() -> {
            try {
                start(offset, timeoutMs, live, promise);
            } catch (RuntimeException e) {
                promise.tryFail(e);
            }
        });
        return promise.future();
    }

    private void start(long offset, long timeoutMs, IntPredicate live, Promise<DeletedRecords> promise) {
        if (!leadership.leads() || leadership.isFenced()) {
            promise.complete(DeletedRecords.failed(ErrorCode.NOT_LEADER_OR_FOLLOWER, tp + " is not led by this node"));
            return;
        }
        if (!log.config().deleteEnabled()) { // as Kafka: a compacted topic keeps its records
            promise.complete(DeletedRecords.failed(ErrorCode.POLICY_VIOLATION, "the records of " + tp
                    + " cannot be deleted: its cleanup.policy has no delete"));
            return;
        }
        long hw = log.highWatermark();
        long upTo = offset == Broker.DELETE_UP_TO_HIGH_WATERMARK ? hw : offset;
        if (upTo < 0 || upTo > hw) {
            promise.complete(DeletedRecords.failed(ErrorCode.OFFSET_OUT_OF_RANGE, "cannot delete the records of " + tp
                    + " below " + offset + ": the offset must lie in [0, " + hw + "] (the high watermark)"));
            return;
        }
        log.advanceLogStartOffset(upTo);
        Waiting w = new Waiting(upTo, live, promise);
        if (answered(w)) {
            return;
        }
        if (timeoutMs <= 0) {
            expire(w, timeoutMs);
            return;
        }
        waiting.add(w);
        w.timerId = context.setTimer(timeoutMs, id -> {
            w.timerId = -1;
            if (waiting.remove(w) && !answered(w)) {
                expire(w, timeoutMs);
            }
        });
    }

    /** Answers every waiting delete whose offset the low watermark has reached. */
    void check() {
        if (waiting.isEmpty() || !leadership.leads()) {
            return;
        }
        waiting.removeIf(w -> {
            boolean done = answered(w);
            if (done && w.timerId >= 0) {
                context.cancelTimer(w.timerId);
            }
            return done;
        });
    }

    /** Whether {@code w} could be answered now (and was). */
    private boolean answered(Waiting w) {
        long low = leadership.lowWatermark(log.logStartOffset(), w.live);
        if (low == LeaderReplicaState.UNKNOWN_OFFSET || low < w.offset) {
            return false;
        }
        w.promise.complete(new DeletedRecords(low, ErrorCode.NONE, null));
        return true;
    }

    private void expire(Waiting w, long timeoutMs) {
        long low = leadership.lowWatermark(log.logStartOffset(), w.live);
        w.promise.complete(DeletedRecords.failed(ErrorCode.REQUEST_TIMED_OUT, tp + ": the low watermark (the smallest log"
                + " start over the leader and its live followers) is " + (low == LeaderReplicaState.UNKNOWN_OFFSET
                ? "unknown (a live follower has not reported its log start)" : String.valueOf(low)) + ", still below "
                + w.offset + " after timeout_ms " + timeoutMs + "; the leader's log start stays at " + log.logStartOffset()));
    }

    /** Answers every waiting delete NOT_LEADER_OR_FOLLOWER: this replica stopped leading (as Kafka answers). */
    void stoppedLeading() {
        failAll(ErrorCode.NOT_LEADER_OR_FOLLOWER, tp + " moved to another leader before its followers took the new log"
                + " start");
    }

    /** Answers every waiting delete with {@code error} (the replica's log failed or closed). */
    void failAll(ErrorCode error, String message) {
        for (Waiting w : waiting) {
            if (w.timerId >= 0) {
                context.cancelTimer(w.timerId);
            }
            w.promise.complete(DeletedRecords.failed(error, message));
        }
        waiting.clear();
    }
}
