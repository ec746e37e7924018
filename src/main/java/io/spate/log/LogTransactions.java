package io.spate.log;

import io.spate.record.ControlRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * One partition log's side of transactions (Kafka's transaction handling in {@code UnifiedLog}): a
 * leader's transaction markers, the last stable offset, and the lookups of its aborted transaction
 * indexes ({@link TransactionIndex}, one per segment). The producer state it reads and changes is the
 * log's {@link ProducerStateManager}; a follower's markers go through {@link FollowerAppender}, and
 * recovery's through {@link ProducerStateLoader}, into the same state and indexes.
 *
 * <p>Last stable offset (LSO): {@code min(first offset of the oldest open transaction, high watermark)},
 * never below the log start. read_committed consumers read below it only.
 *
 * <p>Threading: the owner thread of the log, like {@link PartitionLog}'s appends.
 */
public final class LogTransactions {
    /** The log's leader write ({@code PartitionLog}'s, as for any append): stamps, writes, records the epoch. */
    @FunctionalInterface
    interface LeaderWriter {
        LogAppendInfo write(ByteBuffer batches, int batchCount, int leaderEpoch, long now);
    }

    private final LogSegments segments;
    private final LogLifecycle lifecycle;
    private final LogFlusher flusher;
    private final ProducerStateManager producers;
    private final Supplier<LogOffsets> offsets;
    private final LeaderWriter writer;
    private final io.spate.common.Time clock;

    LogTransactions(LogSegments segments, LogLifecycle lifecycle, LogFlusher flusher, ProducerStateManager producers,
                    Supplier<LogOffsets> offsets, LeaderWriter writer, io.spate.common.Time clock) {
        this.segments = segments;
        this.lifecycle = lifecycle;
        this.flusher = flusher;
        this.producers = producers;
        this.offsets = offsets;
        this.writer = writer;
        this.clock = clock;
    }

    /**
     * Appends, as the leader in {@code leaderEpoch}, the marker that ends {@code producerId}'s transaction
     * in this partition: a control batch (see {@link ControlRecord}) stamped like any append. The
     * producer's open transaction here, if any, completes; an ABORT adds its entry to the active
     * segment's aborted transaction index. A marker with no transaction open is still written (Kafka
     * does the same: the coordinator may retry one).
     *
     * @throws ProducerBatchRefusedException INVALID_PRODUCER_EPOCH when {@code producerEpoch} is below the
     *         producer's epoch here, TRANSACTION_COORDINATOR_FENCED when {@code coordinatorEpoch} is below
     *         that of its last marker here; nothing is written then
     * @throws LogStorageException on an I/O error, and for every append after one
     */
    public LogAppendInfo appendMarker(long producerId, short producerEpoch, boolean commit, int coordinatorEpoch,
                                      int leaderEpoch) {
        lifecycle.ensureWritable();
        if (producerId < 0) {
            throw new IllegalArgumentException("a transaction marker needs a producer id, not " + producerId);
        }
        producers.checkMarker(producerId, producerEpoch, coordinatorEpoch);
        long now = clock.milliseconds();
        ByteBuffer batch = new ControlRecord(commit, coordinatorEpoch).toBatch(producerId, producerEpoch, now);
        LogAppendInfo info = writer.write(batch, 1, leaderEpoch, now);
        ProducerStateManager.CompletedTxn done = producers.completeTxn(producerId, producerEpoch, commit,
                coordinatorEpoch, info.firstOffset(), now, now);
        indexAborted(ProducerStateLoader.abortedEntry(producers, done));
        return info;
    }

    /**
     * Adds {@code aborted} (null: nothing) to the active segment's aborted transaction index, which holds
     * the ABORT marker just written (by this leader or copied as a follower).
     *
     * @throws LogStorageException if the index cannot be written (the log goes offline: the marker is in
     *         the log and recovery rebuilds the entry)
     */
    void indexAborted(AbortedTxn aborted) {
        if (aborted == null) {
            return;
        }
        LogSegment active = segments.activeSegment();
        try {
            if (active.txnIndex().append(aborted)) {
                flusher.directoryChanged();
            }
        } catch (IOException e) {
            throw lifecycle.transitionToOffline("aborted transaction index append", active.txnIndex().file(), e);
        }
    }

    /**
     * The last stable offset: the first offset of the oldest open transaction (not below the log start),
     * or the high watermark if that is lower or none is open.
     */
    public long lastStableOffset() {
        LogOffsets at = offsets.get();
        long firstUnstable = producers.firstUnstableOffset();
        if (firstUnstable < 0) {
            return at.highWatermark();
        }
        return Math.min(Math.max(firstUnstable, at.logStartOffset()), at.highWatermark());
    }

    /**
     * The aborted transactions whose data may lie in {@code [fetchOffset, upperBound)}: the index entries
     * with a last offset at or above {@code fetchOffset} and a first offset below {@code upperBound}, from
     * the segment holding {@code fetchOffset} on, until an entry shows no later one can overlap. Reads only
     * the indexes' entries held in memory, never the log.
     */
    public List<AbortedTxn> abortedTxns(long fetchOffset, long upperBound) {
        List<AbortedTxn> out = new ArrayList<>();
        for (LogSegment s : segments.from(fetchOffset)) {
            if (s.txnIndex().collect(fetchOffset, upperBound, out)) {
                break;
            }
        }
        return out;
    }

    /**
     * Every aborted transaction that started below {@code upperBound}, oldest marker first: what a
     * compaction pass over the segments below it must leave out.
     */
    List<AbortedTxn> abortedTxnsBelow(long upperBound) {
        List<AbortedTxn> out = new ArrayList<>();
        for (LogSegment s : segments) {
            for (AbortedTxn t : s.txnIndex().entries()) {
                if (t.firstOffset() < upperBound) {
                    out.add(t);
                }
            }
        }
        return out;
    }
}
