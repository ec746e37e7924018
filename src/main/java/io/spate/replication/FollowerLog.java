package io.spate.replication;

import io.spate.log.EpochEndOffset;
import io.spate.log.LogAppendInfo;
import io.vertx.core.Future;
import java.nio.ByteBuffer;

/**
 * What a {@link ReplicaFetcher} needs of a follower's partition log. The broker implements it over
 * its partition writer (whose context owns the {@code PartitionLog}); {@link PartitionFollowerLog}
 * is a plain implementation over a log and its owner context. The changing operations return
 * Futures and may complete on any context (the fetcher hops back to its own); the getters may be
 * called from any thread (the log's offsets are volatile and its epoch cache is synchronized).
 *
 * <p>The fetcher is the only writer of a follower log while the partition is added to it, and it
 * runs one operation on a partition at a time.
 */
public interface FollowerLog {
    /**
     * Appends batches as the leader wrote them ({@code PartitionLog.appendAsFollower}). The buffer is
     * the caller's copy and stays valid until the Future completes.
     */
    Future<LogAppendInfo> appendAsFollower(ByteBuffer batches);

    /** Drops everything from {@code offset} on ({@code PartitionLog.truncateTo}). */
    Future<Void> truncateTo(long offset);

    /** Empties the log and restarts it at {@code offset} ({@code PartitionLog.truncateFullyAndStartAt}). */
    Future<Void> truncateFullyAndStartAt(long offset);

    /** Sets the high watermark (the log clamps it to its log end). */
    Future<Void> updateHighWatermark(long highWatermark);

    /**
     * Moves the log start up to the leader's {@code offset}, at most to this log's high watermark
     * ({@code PartitionLog.advanceLogStartOffset}: records the leader deleted are deleted here too).
     */
    Future<Void> advanceLogStartOffset(long offset);

    long logStartOffset();

    long logEndOffset();

    long highWatermark();

    /** The latest epoch in the leader-epoch cache, or {@link EpochEndOffset#UNDEFINED_EPOCH}. */
    int latestEpoch();

    /** Where {@code epoch} ended in this log ({@code LeaderEpochCache.endOffsetFor}). */
    EpochEndOffset endOffsetFor(int epoch);
}
