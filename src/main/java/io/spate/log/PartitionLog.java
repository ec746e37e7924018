package io.spate.log;

import io.spate.common.Time;
import io.spate.record.RecordBatch;
import io.spate.record.TimestampType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One partition's log: a directory {@code <topic>-<partition>} of {@link LogSegment}s in offset order,
 * the last one active, plus {@code partition.checkpoint} ({@link PartitionCheckpoint}) and
 * {@code leader-epoch-checkpoint} ({@link LeaderEpochCache}) and the producer state snapshots
 * {@code <offset>.snapshot} ({@link ProducerStateSnapshot}).
 *
 * <p>Offsets, kept apart as Redpanda and Kafka do ({@link LogOffsets}):
 * {@code logStartOffset <= highWatermark <= logEndOffset}, and {@code recoveryPoint <= logEndOffset}.
 * <ul>
 * <li>log start: the first offset readable; moved up by retention and {@link #advanceLogStartOffset};</li>
 * <li>log end: the offset the next append gets;</li>
 * <li>high watermark: set by the broker (replicated offsets); reads for consumers stop there;</li>
 * <li>recovery point: everything below it is fsynced; recovery after a crash scans from there.</li>
 * </ul>
 *
 * <p>This class is the facade the broker calls; the work is done by one class per role, all sharing
 * the one {@link LogSegments}: {@link ActiveSegmentWriter} (writing and rolling), {@link FollowerAppender}
 * (a follower's checks), {@link LogReads}, {@link LogFlusher}, {@link LogCheckpointer},
 * {@link RetentionPolicy} with the {@link SegmentDeleter}, {@link LogTruncation}, and
 * {@link CleanerHandoff} (compaction), {@link ProducerAppends} (the idempotent producer's state) and
 * {@link LogTransactions} (markers, last stable offset, aborted transaction indexes).
 *
 * <p>Threading: confined to the owner thread (the partition's event-loop context), except
 * {@link #flush()} and {@link #checkpoint()}, which may run on a worker while the owner appends, and
 * the getters of the four offsets, which any thread may call (the owner publishes each new
 * {@link LogOffsets} in a volatile field). Methods that do file I/O (all but the getters) can block
 * for a disk's latency; the owner calls the appending and reading ones, the broker runs flush and
 * checkpoint on a worker.
 *
 * <p>Failure: an I/O error becomes a {@link LogStorageException} naming the partition and file, and
 * the log goes {@link LogState#OFFLINE}: every later append, truncation, flush and checkpoint throws
 * that first exception again. Retention skips an offline log; reads go on. Two exceptions keep the log
 * open ({@link LogStorageException#retriable()}): an append or roll that failed for lack of space or
 * file descriptors, which is rolled back so the next append tries again ({@link ActiveSegmentWriter}),
 * and a checkpoint that could not be written ({@link #checkpoint()}). A failed fsync always takes the
 * log offline ({@link #flush()}). See {@link LogState} for the lifecycle.
 */
public final class PartitionLog {
    private final Path dir;
    private final String topic;
    private final int partition;
    private final String name;
    private final Time clock;
    private volatile LogConfig config;
    /** Replaced, never changed, and only by the owner; read by any thread. */
    private volatile LogOffsets offsets;
    private final LogSegments segments = new LogSegments();
    private final LeaderEpochCache epochCache;
    private final SegmentDeleter deleter;
    private final LogLifecycle lifecycle;
    private final LogFlusher flusher;
    private final ActiveSegmentWriter writer;
    private final FollowerAppender followerAppender;
    private final LogReads reads;
    private final LogCheckpointer checkpointer;
    private final LogTruncation truncation;
    private final CleanerHandoff cleaner;
    private final ProducerAppends producers;
    private final LogTransactions txns;

    private PartitionLog(Path dir, String topic, int partition, LogConfig config, Time clock, LoadedLog loaded,
                         LogLifecycle lifecycle, ProducerAppends producers) {
        this.dir = dir;
        this.topic = topic;
        this.partition = partition;
        this.name = topic + "-" + partition;
        this.config = config;
        this.clock = clock;
        for (LogSegment s : loaded.segments()) {
            segments.add(s);
        }
        this.offsets = loaded.offsets();
        this.epochCache = new LeaderEpochCache(this::logEndOffset, loaded.epochs());
        this.deleter = new SegmentDeleter(name);
        this.lifecycle = lifecycle;
        this.flusher = new LogFlusher(dir, segments, lifecycle);
        this.producers = producers;
        this.writer = new ActiveSegmentWriter(dir, segments, lifecycle, flusher,
                offset -> producers.snapshot(offset, segments.firstBaseOffset()));
        this.txns = new LogTransactions(segments, lifecycle, flusher, producers.state(), () -> offsets,
                this::stampAndWrite, clock);
        this.followerAppender = new FollowerAppender(name, epochCache, this::rollDue, this::write, producers.state(),
                txns::indexAborted);
        this.reads = new LogReads(name, segments, lifecycle);
        this.checkpointer = new LogCheckpointer(dir, () -> offsets, epochCache);
        this.truncation = new LogTruncation(dir, segments, deleter, epochCache, flusher);
        this.cleaner = new CleanerHandoff(name, dir, segments, deleter, lifecycle, flusher);
    }

    /**
     * Opens (creating if needed) the log in {@code dir}, recovering it as {@link LogLoader} describes:
     * after an unclean shutdown the segments from the recovery point on are scanned and a torn or
     * corrupt tail is cut off.
     *
     * @throws LogStorageException if the directory cannot be read or repaired
     */
    public static PartitionLog open(Path dir, String topic, int partition, LogConfig config, Time clock,
                                    boolean hadCleanShutdown) {
        try {
            LoadedLog loaded = new LogLoader(dir, config, hadCleanShutdown, clock.milliseconds()).load();
            ProducerAppends producers = ProducerAppends.loadOrClose(topic + "-" + partition, dir, loaded, clock.milliseconds());
            return new PartitionLog(dir, topic, partition, config, clock, loaded, new LogLifecycle(topic + "-" + partition),
                    producers);
        } catch (IOException e) {
            throw new LogStorageException(topic + "-" + partition, dir, "open", e);
        }
    }

    /**
     * A log held offline because its files failed the load ({@code failure}, see {@link LogLoader}): no
     * file is open and none is changed; every read, write, flush and checkpoint throws {@code failure},
     * {@link #isOffline()} is true, and its offsets are those of its checkpoint (zeros without one), for
     * views only. Closing it throws nothing; deleting it removes the directory.
     */
    public static PartitionLog unloadable(Path dir, String topic, int partition, LogConfig config, Time clock,
                                          LogStorageException failure) {
        return new PartitionLog(dir, topic, partition, config, clock, LoadedLog.nothingFrom(dir),
                LogLifecycle.unloadable(topic + "-" + partition, failure), ProducerAppends.empty(topic + "-" + partition, dir));
    }

    /**
     * Appends one or more complete, already validated v2 batches ({@code batches} position..limit).
     * Stamps each batch in place with its base offset (from the log end offset on) and
     * {@code leaderEpoch}; on a LogAppendTime topic also sets the timestamp-type bit, baseTimestamp and
     * maxTimestamp to the clock's now and recomputes the CRC. Rolls first if the active segment would
     * pass segment.bytes, is older than segment.ms, has a full index, or cannot index the offsets.
     * Records {@code leaderEpoch} (if {@code >= 0}) as starting at the first offset in the epoch cache.
     *
     * <p>A batch of an idempotent producer (producerId {@code >= 0}) must be the payload's only batch; it
     * is checked against the producer state ({@link ProducerStateManager#checkAppend}) before anything is
     * stamped, and recorded there only once written. A duplicate of one of the producer's last 5 batches
     * writes nothing and returns {@link LogAppendInfo#duplicate() duplicate} info carrying the offsets and
     * max timestamp it got the first time. A transactional batch opens its producer's transaction here if
     * none is open; a plain one of a producer whose transaction is open is refused (INVALID_TXN_STATE).
     *
     * @throws IllegalArgumentException if the bytes are not whole v2 batches (nothing is stamped then)
     * @throws ProducerBatchRefusedException if the producer rules refuse the payload (nothing is written)
     * @throws LogStorageException on an I/O error, and for every append after one
     */
    public LogAppendInfo append(ByteBuffer batches, int leaderEpoch) {
        return append(batches, leaderEpoch, AppendOrigin.CLIENT);
    }

    /** As {@link #append(ByteBuffer, int)}, with the producer rules of {@code origin}. */
    public LogAppendInfo append(ByteBuffer batches, int leaderEpoch, AppendOrigin origin) {
        lifecycle.ensureWritable();
        int batchCount = BatchStamper.countBatches(batches, name);
        ProducerAppends.Checked idempotent = producers.check(batches, batchCount, origin);
        if (idempotent != null && idempotent.duplicate() != null) {
            return ProducerAppends.duplicateInfo(idempotent.duplicate(),
                    config.timestampType() == TimestampType.LOG_APPEND_TIME, offsets.logStartOffset());
        }
        long now = clock.milliseconds();
        LogAppendInfo info = stampAndWrite(batches, batchCount, leaderEpoch, now);
        if (idempotent != null) {
            producers.written(idempotent, info, now);
        }
        return info;
    }

    /** The leader's write of checked batches (a marker's too): stamped from the log end, written, epoch recorded. */
    private LogAppendInfo stampAndWrite(ByteBuffer batches, int batchCount, int leaderEpoch, long now) {
        long logAppendTime = config.timestampType() == TimestampType.LOG_APPEND_TIME ? now : RecordBatch.NO_TIMESTAMP;
        LogAppendInfo info = BatchStamper.stamp(batches, batchCount, offsets.logEndOffset(), leaderEpoch, logAppendTime,
                offsets.logStartOffset(), name);
        write(batches, info.lastOffset(), now);
        if (leaderEpoch >= 0) {
            epochCache.assign(leaderEpoch, info.firstOffset());
        }
        return info;
    }

    /** The producers' state (owner thread; outside this package read-only, but for its removeExpired). */
    public ProducerStateManager producerState() {
        return producers.state();
    }

    /** Transaction markers, the last stable offset and aborted transactions (owner thread). */
    public LogTransactions transactions() {
        return txns;
    }

    /**
     * Appends batches copied from the leader, as they are: offsets, leader epochs and timestamps are
     * already set and nothing is re-stamped (see {@link FollowerAppender} for the checks and how the
     * segments roll). The first batch must start at the log end offset and each next one where the
     * previous ended (a compacted log accepts gaps); the batches' epochs are assigned in the
     * leader-epoch cache at their base offsets. Owner thread.
     *
     * @throws FollowerAppendException if the bytes are not whole v2 batches, a CRC fails, the offsets
     *         do not continue the log, or an epoch goes backwards; nothing is written then
     * @throws LogStorageException on an I/O error, and for every append after one
     */
    public LogAppendInfo appendAsFollower(ByteBuffer batches) {
        lifecycle.ensureWritable();
        LogOffsets at = offsets;
        return followerAppender.append(batches, at.logEndOffset(), at.logStartOffset(), config.compactEnabled(),
                clock.milliseconds());
    }

    /** Writes whole batches to the active segment, rolling first if due, and moves the log end. */
    private void write(ByteBuffer batches, long lastOffset, long now) {
        writer.write(batches, lastOffset, offsets.logEndOffset(), config, now);
        offsets = offsets.withLogEndOffset(lastOffset + 1);
    }

    /** The roll rule of {@link ActiveSegmentWriter#rollDue} under the config now. */
    private boolean rollDue(long pending, int bytes, long lastOffset, long now) {
        return writer.rollDue(pending, bytes, lastOffset, config, now);
    }

    /**
     * Whole batches from the one holding {@code startOffset}, as stored: up to {@code maxBytes} (but at
     * least one batch if {@code minOneBatch}), never a batch whose base offset is
     * {@code >= maxOffsetExclusive} (the high watermark, for consumers). Reads within one segment. Empty
     * at the log end or when the first batch is at or past {@code maxOffsetExclusive}.
     *
     * @throws OffsetOutOfRangeException if {@code startOffset} is below the log start or above the log end
     * @throws LogStorageException on an I/O error
     */
    public LogReadResult read(long startOffset, int maxBytes, long maxOffsetExclusive, boolean minOneBatch) {
        LogOffsets at = offsets;
        return reads.read(startOffset, maxBytes, maxOffsetExclusive, minOneBatch, at.logStartOffset(),
                at.logEndOffset(), !config.compactEnabled());
    }

    /** The first offset whose record timestamp is {@code >= timestamp}, or -1 if there is none. */
    public long offsetForTimestamp(long timestamp) {
        return findOffsetByTimestamp(timestamp).map(TimestampOffset::offset).orElse(-1L);
    }

    /**
     * The first record (offset and its timestamp) with timestamp {@code >= timestamp}, at or above the log
     * start. Uses each segment's largest timestamp to skip segments, then its time index, then scans.
     * A compressed CreateTime batch is answered with its first offset (see {@link BatchTimestampSearch}).
     */
    public Optional<TimestampOffset> findOffsetByTimestamp(long timestamp) {
        return reads.findOffsetByTimestamp(timestamp, offsets.logStartOffset());
    }

    public long logStartOffset() {
        return offsets.logStartOffset();
    }

    public long logEndOffset() {
        return offsets.logEndOffset();
    }

    public long highWatermark() {
        return offsets.highWatermark();
    }

    /**
     * Moves the log start up to {@code offset}, at most to the high watermark (DeleteRecords on a leader, a
     * follower taking its leader's), checkpointed before it returns: the records below are gone for readers
     * at once, their whole segments at retention's next pass. Owner thread. Returns the log start now.
     * A checkpoint that cannot be written fails it (retriable {@link LogStorageException}), changing nothing.
     */
    public long advanceLogStartOffset(long offset) {
        lifecycle.ensureWritable();
        long start = Math.min(offset, offsets.highWatermark());
        if (start > offsets.logStartOffset()) {
            LogOffsets before = offsets;
            try { // a checkpoint that cannot be written leaves the log open and as it was (retriable)
                checkpointer.changeAndWriteOrUndo(() -> offsets = offsets.withLogStartAtLeast(start), () -> offsets = before);
            } catch (IOException e) {
                throw new LogStorageException(name, dir.resolve(PartitionCheckpoint.FILE_NAME), "advance log start", e, true);
            }
            epochCache.truncateFromStart(start); // its file follows at the next checkpoint
        }
        return offsets.logStartOffset();
    }

    /** Sets the high watermark, clamped to {@code [logStartOffset, logEndOffset]}. Owner thread. */
    public void updateHighWatermark(long hw) {
        offsets = offsets.withHighWatermark(hw);
    }

    /** Everything below this offset is known to be fsynced. */
    public long recoveryPoint() {
        return offsets.recoveryPoint();
    }

    /** Bytes in all segments. */
    public long sizeInBytes() {
        return segments.sizeInBytes();
    }

    public int segmentCount() {
        return segments.count();
    }

    /** Base offsets of the segments, in order (the last is the active one). */
    public List<Long> segmentBaseOffsets() {
        return segments.baseOffsets();
    }

    public LogConfig config() {
        return config;
    }

    /** Applies a new config. Index sizes apply to segments created from now on. Owner thread. */
    public void updateConfig(LogConfig c) {
        this.config = c;
    }

    public String topic() {
        return topic;
    }

    public int partition() {
        return partition;
    }

    /** {@code <topic>-<partition>}, also the directory name. */
    public String name() {
        return name;
    }

    public Path dir() {
        return dir;
    }

    public LeaderEpochCache leaderEpochCache() {
        return epochCache;
    }

    /** Has an I/O error or damage found at load taken the log offline? */
    public boolean isOffline() {
        LogState s = lifecycle.state();
        return s == LogState.OFFLINE || s == LogState.UNLOADABLE;
    }

    /** Why the log is offline (the first storage failure), or null if it is not. */
    public LogStorageException offlineCause() {
        return lifecycle.failure();
    }

    /**
     * fsyncs everything appended so far (the segments from the recovery point on, their indexes, and the
     * directory if a segment was created). May run on a worker thread while the owner appends: it
     * covers at least the log end offset it read when it started, which it returns; the owner then
     * calls {@link #markFlushed}. One call covers every append before it (group commit).
     *
     * @throws LogStorageException on an I/O error (the log goes offline: an fsync that failed cannot be
     *         retried safely), or if the log is offline already
     * @throws IllegalStateException if the log is closed
     */
    public long flush() {
        lifecycle.ensureWritable();
        return flusher.flush(offsets);
    }

    /** Owner thread: everything below {@code offset} (as returned by {@link #flush()}) is fsynced. */
    public void markFlushed(long offset) {
        offsets = offsets.flushedTo(offset);
    }

    /**
     * Deletes whole segments that retention gives up, oldest first, never the active one: those whose
     * largest timestamp is more than retention.ms before {@code nowMs}, then while the log is larger than
     * retention.bytes by at least the oldest segment, then any wholly below the log start offset. Only if
     * cleanup.policy includes delete. The log start offset moves to the first remaining segment; the
     * files are renamed {@code .deleted} and removed file.delete.delay.ms later (by a later call of this
     * method, or by close), so reads in flight stay valid. Does nothing on an offline log.
     *
     * @return the number of segments deleted
     */
    public int deleteExpiredSegments(long nowMs) {
        if (lifecycle.state() != LogState.OPEN) {
            return 0;
        }
        deleter.removeDue(nowMs);
        List<LogSegment> deletable;
        try {
            deletable = RetentionPolicy.deletable(segments, config, offsets.logStartOffset(), nowMs);
            deleter.removeAndSchedule(segments, deletable, nowMs + config.fileDeleteDelayMs());
        } catch (IOException e) {
            throw lifecycle.transitionToOffline("retention", dir, e);
        }
        if (!deletable.isEmpty()) {
            offsets = offsets.withLogStartAtLeast(segments.firstBaseOffset()); // the active one is left
            epochCache.truncateFromStart(offsets.logStartOffset());
            deleter.removeDue(nowMs);
            producers.pruneBelow(segments.firstBaseOffset(), offsets.logEndOffset());
        }
        return deletable.size();
    }

    /**
     * Step 1 of a compaction pass ({@link CleanerPass}), owner thread: snapshots the closed segments that
     * lie wholly below the last stable offset (the active segment, and an open transaction, are never
     * cleaned), with the aborted transactions whose records it leaves out. Null if cleanup.policy
     * has no compact, the log is not open, a pass is already under way, or there is nothing to clean.
     * The caller runs {@link CleanerPass#run()} (on a worker) and then must call
     * {@link #completeCleaning} on the owner thread.
     *
     * @param maxKeys the most keys the pass maps (its memory bound, see {@link CleanerPass})
     */
    public CleanerPass prepareCleaning(int maxKeys) {
        return cleaner.prepare(config, txns.lastStableOffset(), clock.milliseconds(), maxKeys,
                producers.state()::lastBatchOffsets, txns::abortedTxnsBelow);
    }

    /**
     * Step 3 of a compaction pass, owner thread: swaps the cleaned copies in, oldest segment first. For
     * each: the old segment's files are renamed {@code .deleted} and handed to the delayed deleter (read
     * results taken before keep reading the old bytes), {@code <base>.log.swap} is renamed to
     * {@code <base>.log} and opened with rebuilt indexes, and the new segment takes the old one's place
     * in the log. A segment left without batches is removed from the log (unless it is the first). A segment
     * that retention or truncation removed meanwhile is skipped and its copy deleted. Offsets, the log
     * start offset and the log end offset never change.
     *
     * @throws LogStorageException if the pass failed on its worker (the log stays online: nothing of it
     *         was swapped in), or if a swap fails (the log goes offline; recovery completes the swap)
     * @throws IllegalArgumentException if {@code pass} is not this log's pass under way
     */
    public CleanerStats completeCleaning(CleanerPass pass) {
        return cleaner.complete(pass, config, clock.milliseconds());
    }

    /**
     * Drops every batch whose last offset is {@code >= offset} (for a follower that diverged). A batch
     * holding {@code offset} goes whole, so the log end becomes that batch's base offset. Whole segments
     * past it are deleted as retention deletes; below the log start, the log is emptied and restarts at
     * {@code offset}. Lowers the high watermark and recovery point with it and writes the checkpoint at
     * once, so a crash cannot trust a recovery point above the new data. The leader-epoch cache loses
     * the epochs that start at or after the new log end, also when nothing else is dropped.
     */
    public void truncateTo(long offset) {
        lifecycle.ensureWritable();
        if (offset < 0) {
            throw new IllegalArgumentException("cannot truncate " + name + " to " + offset);
        }
        LogOffsets at = offsets;
        if (offset < at.logEndOffset()) {
            truncate(offset, offset < at.logStartOffset());
        } else {
            // an epoch this node started as leader but never wrote in must go too (as Kafka does)
            epochCache.truncateFromEnd(at.logEndOffset());
        }
    }

    /**
     * Empties the log and restarts it at {@code offset}: log start, log end, high watermark and recovery
     * point all become {@code offset} and the leader-epoch cache is cleared (Kafka's
     * truncateFullyAndStartAt: a follower whose leader's log starts above this log's end). Owner thread.
     */
    public void truncateFullyAndStartAt(long offset) {
        lifecycle.ensureWritable();
        if (offset < 0) {
            throw new IllegalArgumentException("cannot restart " + name + " at " + offset);
        }
        truncate(offset, true);
    }

    /** {@link LogTruncation} under the checkpoint lock, the new offsets written before it is released. */
    private void truncate(long offset, boolean fully) {
        long now = clock.milliseconds();
        LogConfig c = config;
        long deleteAt = now + c.fileDeleteDelayMs();
        try {
            checkpointer.changeAndWrite(() -> offsets = fully
                    ? truncation.restartAt(offset, c, deleteAt)
                    : truncation.truncateTo(offset, offsets, c, deleteAt));
            producers.reload(segments.toList(), offsets.logEndOffset(), now, fully);
        } catch (IOException e) {
            throw lifecycle.transitionToOffline((fully ? "restart at " : "truncate to ") + offset, dir, e);
        }
        deleter.removeDue(now);
    }

    /**
     * Writes {@code partition.checkpoint} (recovery point, high watermark, log start offset) and
     * {@code leader-epoch-checkpoint}, each atomically (tmp file, fsync, rename, directory fsync). May run
     * on a worker thread.
     *
     * <p>A checkpoint that cannot be written (a full disk, no descriptor left, any I/O error) leaves the
     * log open: the old files stay whole (the new content never replaced them), and they are only ever
     * behind the log — an older recovery point makes recovery scan more, nothing worse — so the next
     * checkpoint simply tries again.
     *
     * @throws LogStorageException ({@link LogStorageException#retriable() retriable}) if the files could
     *         not be written; a non-retriable one if the log is offline
     */
    public void checkpoint() {
        lifecycle.ensureWritable();
        try {
            checkpointer.write();
        } catch (IOException e) {
            throw new LogStorageException(name, dir.resolve(PartitionCheckpoint.FILE_NAME), "checkpoint", e, true);
        }
    }

    /**
     * Flushes everything, writes the checkpoint, trims the active segment's indexes, closes every file,
     * and removes segments waiting for deletion. Idempotent. Owner thread, with no flush running.
     *
     * @throws LogStorageException if the log was offline or closing failed; the files are closed anyway,
     *         and the broker must not consider the shutdown clean
     */
    public void close() {
        LogState current = lifecycle.state();
        if (current == LogState.CLOSED || current == LogState.DELETED) {
            return;
        }
        cleaner.cancel();
        if (current == LogState.UNLOADABLE) {
            lifecycle.transitionToClosed(); // nothing was opened, so nothing can be left unclean
            return;
        }
        LogStorageException error = lifecycle.failure();
        if (error == null) {
            try {
                for (LogSegment s : segments) {
                    s.flush();
                }
                offsets = offsets.flushedTo(offsets.logEndOffset());
                checkpointer.write();
            } catch (IOException e) {
                error = lifecycle.transitionToOffline("flush and checkpoint on close", dir, e);
            }
            if (error == null) {
                producers.snapshot(offsets.logEndOffset(), segments.firstBaseOffset()); // the next open replays nothing
            }
        }
        for (LogSegment s : segments) {
            try {
                s.close();
            } catch (IOException e) {
                error = error != null ? error : lifecycle.transitionToOffline("close", s.log().file(), e);
            }
        }
        deleter.removeAll();
        lifecycle.transitionToClosed();
        if (error != null) {
            throw error;
        }
    }

    /**
     * Closes every file without flushing, checkpointing or trimming first: for a log whose directory is
     * deleted next (a deleted topic, a replica moved away), whose bytes no one will read again. Kafka
     * deletes the same way; a flushed close cost a thousand-partition delete thousands of fsyncs that
     * produce requests on the same disks waited behind. Idempotent. Owner thread, with no flush running.
     * A file that fails to close is ignored: the directory goes next.
     */
    public void closeForDeletion() {
        LogState current = lifecycle.state();
        if (current == LogState.CLOSED || current == LogState.DELETED) {
            return;
        }
        cleaner.cancel();
        if (current != LogState.UNLOADABLE) {
            for (LogSegment s : segments) {
                try {
                    s.closeWithoutTrimming();
                } catch (IOException e) {
                    // the files are deleted next; a close that failed leaves nothing anyone reads
                }
            }
        }
        lifecycle.transitionToClosed();
    }

    /**
     * Closes the log (ignoring a storage failure) and removes its directory with everything in it.
     * Idempotent. The log is DELETED even if removing a file fails (the exception then says which).
     */
    public void delete() {
        if (lifecycle.state() == LogState.DELETED) {
            return;
        }
        try {
            close();
        } catch (LogStorageException ignored) {
            // the files are going away; a failure to close them cleanly no longer matters
        }
        lifecycle.transitionToDeleted();
        try {
            if (Files.exists(dir)) {
                LogManager.deleteRecursively(dir);
            }
        } catch (IOException e) {
            throw new LogStorageException(name, dir, "delete", e);
        }
    }
}
