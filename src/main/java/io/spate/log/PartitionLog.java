package io.spate.log;

import io.spate.common.Time;
import io.spate.record.RecordBatch;
import io.spate.record.TimestampType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * One partition's log: a directory {@code <topic>-<partition>} of {@link LogSegment}s in offset order,
 * the last one active, plus {@code partition.checkpoint} ({@link PartitionCheckpoint}) and
 * {@code leader-epoch-checkpoint} ({@link LeaderEpochCache}).
 *
 * <p>Offsets, kept apart as Redpanda and Kafka do:
 * {@code logStartOffset <= highWatermark <= logEndOffset}, and {@code recoveryPoint <= logEndOffset}.
 * <ul>
 * <li>log start: the first offset readable; moved up by retention;</li>
 * <li>log end: the offset the next append gets;</li>
 * <li>high watermark: set by the broker (replicated offsets); reads for consumers stop there;</li>
 * <li>recovery point: everything below it is fsynced; recovery after a crash scans from there.</li>
 * </ul>
 *
 * <p>Threading: confined to the owner thread (the partition's event-loop context), except
 * {@link #flush()} and {@link #checkpoint()}, which may run on a worker while the owner appends, and
 * the getters of the four offsets, which any thread may call (they are volatile). Methods that do file
 * I/O (all but the getters) can block for a disk's latency; the owner calls the appending and reading
 * ones, the broker runs flush and checkpoint on a worker.
 *
 * <p>Failure: an I/O error becomes a {@link LogStorageException} naming the partition and file, and
 * the log goes {@link LogState#OFFLINE}: every later append, truncation, flush and checkpoint throws
 * that first exception again. Retention skips an offline log. See {@link LogState} for the lifecycle.
 */
public final class PartitionLog {
    private final Path dir;
    private final String topic;
    private final int partition;
    private final String name;
    private final Time clock;
    private volatile LogConfig config;
    /** By base offset; concurrent so a flushing worker can iterate while the owner rolls or deletes. */
    private final ConcurrentSkipListMap<Long, LogSegment> segments = new ConcurrentSkipListMap<>();
    private final LeaderEpochCache epochCache;
    private final SegmentDeleter deleter;
    private final LogLifecycle lifecycle;
    private final FollowerAppender followerAppender;
    private final LogReads reads;
    /** Held while a checkpoint is snapshotted and written, and while truncation lowers the offsets. */
    private final Object checkpointLock = new Object();
    private volatile long logStartOffset;
    private volatile long logEndOffset;
    private volatile long highWatermark;
    private volatile long recoveryPoint;
    /** A segment file was created since the last flush: the directory needs an fsync too. */
    private volatile boolean directoryDirty = true;
    /**
     * The compaction pass between prepareCleaning and completeCleaning, or null. Set and cleared on the
     * owner thread; volatile because close, which cancels it, may run on a worker.
     */
    private volatile CleanerPass cleaning;

    private PartitionLog(Path dir, String topic, int partition, LogConfig config, Time clock, LoadedLog loaded) {
        this.dir = dir;
        this.topic = topic;
        this.partition = partition;
        this.name = topic + "-" + partition;
        this.config = config;
        this.clock = clock;
        for (LogSegment s : loaded.segments()) {
            segments.put(s.baseOffset(), s);
        }
        this.logStartOffset = loaded.logStartOffset();
        this.logEndOffset = loaded.logEndOffset();
        this.highWatermark = loaded.highWatermark();
        this.recoveryPoint = loaded.recoveryPoint();
        this.epochCache = new LeaderEpochCache(this::logEndOffset, loaded.epochs());
        this.deleter = new SegmentDeleter(name);
        this.lifecycle = new LogLifecycle(name);
        this.followerAppender = new FollowerAppender(name, epochCache, this::rollDue, this::write);
        this.reads = new LogReads(name, segments, lifecycle);
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
            if (loaded.bytesTruncated() > 0) {
                System.getLogger(PartitionLog.class.getName()).log(System.Logger.Level.WARNING,
                        "recovery of " + topic + "-" + partition + " cut " + loaded.bytesTruncated()
                                + " bytes of torn or corrupt batches; the log now ends at offset " + loaded.logEndOffset());
            }
            return new PartitionLog(dir, topic, partition, config, clock, loaded);
        } catch (IOException e) {
            throw new LogStorageException(topic + "-" + partition, dir, "open", e);
        }
    }

    /**
     * Appends one or more complete, already validated v2 batches ({@code batches} position..limit).
     * Stamps each batch in place with its base offset (from the log end offset on) and
     * {@code leaderEpoch}; on a LogAppendTime topic also sets the timestamp-type bit, baseTimestamp and
     * maxTimestamp to the clock's now and recomputes the CRC. Rolls first if the active segment would
     * pass segment.bytes, is older than segment.ms, has a full index, or cannot index the offsets.
     * Records {@code leaderEpoch} (if {@code >= 0}) as starting at the first offset in the epoch cache.
     *
     * @throws IllegalArgumentException if the bytes are not whole v2 batches (nothing is stamped then)
     * @throws LogStorageException on an I/O error, and for every append after one
     */
    public LogAppendInfo append(ByteBuffer batches, int leaderEpoch) {
        lifecycle.ensureWritable();
        long now = clock.milliseconds();
        long logAppendTime = config.timestampType() == TimestampType.LOG_APPEND_TIME ? now : RecordBatch.NO_TIMESTAMP;
        LogAppendInfo info = BatchStamper.stamp(batches, logEndOffset, leaderEpoch, logAppendTime, logStartOffset, name);
        write(batches, info.lastOffset(), now);
        if (leaderEpoch >= 0) {
            epochCache.assign(leaderEpoch, info.firstOffset());
        }
        return info;
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
        return followerAppender.append(batches, logEndOffset, logStartOffset, config.compactEnabled(), clock.milliseconds());
    }

    /** Writes whole batches to the active segment, rolling first if due, and moves the log end. */
    private void write(ByteBuffer batches, long lastOffset, long now) {
        if (rollDue(0, batches.remaining(), lastOffset, now)) {
            roll();
        }
        LogSegment active = segments.lastEntry().getValue();
        try {
            active.append(batches, config.indexIntervalBytes(), now);
        } catch (IOException e) {
            throw lifecycle.transitionToOffline("append of " + batches.remaining() + " bytes", active.log().file(), e);
        }
        logEndOffset = lastOffset + 1;
    }

    /** Must the active segment roll before {@code bytes} more, with {@code pending} bytes yet to go to it? */
    private boolean rollDue(long pending, int bytes, long lastOffset, long now) {
        LogSegment active = segments.lastEntry().getValue();
        LogConfig c = config;
        boolean written = !active.isEmpty(); // an empty segment's age starts with its first write
        return (written || pending > 0) && (active.sizeInBytes() + pending + bytes > c.segmentBytes()
                || written && now - active.rollingBaseTimeMs() > c.segmentMs()
                || active.offsetIndex().isFull() || active.timeIndex().isFull()
                || lastOffset - active.baseOffset() > Integer.MAX_VALUE);
    }

    /** Closes the active segment for appends and starts a new one at the log end offset. */
    private void roll() {
        LogSegment old = segments.lastEntry().getValue();
        Path file = LogSegment.file(dir, logEndOffset, LogSegment.LOG_SUFFIX);
        try {
            old.onBecomeInactive();
            LogSegment created = LogSegment.create(dir, logEndOffset, config.segmentIndexBytes());
            directoryDirty = true;
            segments.put(created.baseOffset(), created);
        } catch (IOException e) {
            throw lifecycle.transitionToOffline("roll to a new segment", file, e);
        }
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
        return reads.read(startOffset, maxBytes, maxOffsetExclusive, minOneBatch, logStartOffset, logEndOffset);
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
        return reads.findOffsetByTimestamp(timestamp, logStartOffset);
    }

    public long logStartOffset() {
        return logStartOffset;
    }

    public long logEndOffset() {
        return logEndOffset;
    }

    public long highWatermark() {
        return highWatermark;
    }

    /** Sets the high watermark, clamped to {@code [logStartOffset, logEndOffset]}. Owner thread. */
    public void updateHighWatermark(long hw) {
        highWatermark = Math.max(logStartOffset, Math.min(hw, logEndOffset));
    }

    /** Everything below this offset is known to be fsynced. */
    public long recoveryPoint() {
        return recoveryPoint;
    }

    /** Bytes in all segments. */
    public long sizeInBytes() {
        long size = 0;
        for (LogSegment s : segments.values()) {
            size += s.sizeInBytes();
        }
        return size;
    }

    public int segmentCount() {
        return segments.size();
    }

    /** Base offsets of the segments, in order (the last is the active one). */
    public List<Long> segmentBaseOffsets() {
        return List.copyOf(segments.keySet());
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

    /** Has an I/O error taken the log offline? */
    public boolean isOffline() {
        return lifecycle.state() == LogState.OFFLINE;
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
        long end = logEndOffset;
        Long from = segments.floorKey(recoveryPoint);
        Map.Entry<Long, LogSegment> last = segments.lastEntry();
        LogSegment active = last == null ? null : last.getValue();
        for (LogSegment s : (from == null ? segments : segments.tailMap(from)).values()) {
            if (s.baseOffset() > end) {
                break;
            }
            try {
                // the active segment's indexes are not on the ack path (see LogSegment.flushLog)
                if (s == active) {
                    s.flushLog();
                } else {
                    s.flush();
                }
            } catch (ClosedChannelException e) {
                // closed because truncation or retention removed it meanwhile: nothing left to make durable
                if (segments.get(s.baseOffset()) == s) {
                    lifecycle.ensureWritable();
                    throw lifecycle.transitionToOffline("flush", s.log().file(), e);
                }
            } catch (IOException e) {
                throw lifecycle.transitionToOffline("flush", s.log().file(), e);
            }
        }
        if (directoryDirty) {
            directoryDirty = false;
            try {
                CheckpointFile.fsyncDirectory(dir);
            } catch (IOException e) {
                directoryDirty = true;
                throw lifecycle.transitionToOffline("directory fsync", dir, e);
            }
        }
        return end;
    }

    /** Owner thread: everything below {@code offset} (as returned by {@link #flush()}) is fsynced. */
    public void markFlushed(long offset) {
        recoveryPoint = Math.max(recoveryPoint, Math.min(offset, logEndOffset));
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
            deletable = RetentionPolicy.deletable(new ArrayList<>(segments.values()), config, logStartOffset, nowMs);
            deleter.removeAndSchedule(segments, deletable, nowMs + config.fileDeleteDelayMs());
        } catch (IOException e) {
            throw lifecycle.transitionToOffline("retention", dir, e);
        }
        if (!deletable.isEmpty()) {
            logStartOffset = Math.max(logStartOffset, segments.firstKey()); // never the active segment: not empty
            highWatermark = Math.max(highWatermark, logStartOffset);
            recoveryPoint = Math.max(recoveryPoint, logStartOffset);
            epochCache.truncateFromStart(logStartOffset);
            deleter.removeDue(nowMs);
        }
        return deletable.size();
    }

    /**
     * Step 1 of a compaction pass ({@link CleanerPass}), owner thread: snapshots the closed segments that
     * lie wholly below the high watermark (the active segment is never cleaned). Null if cleanup.policy
     * has no compact, the log is not open, a pass is already under way, or there is nothing to clean.
     * The caller runs {@link CleanerPass#run()} (on a worker) and then must call
     * {@link #completeCleaning} on the owner thread.
     *
     * @param maxKeys the most keys the pass maps (its memory bound, see {@link CleanerPass})
     */
    public CleanerPass prepareCleaning(int maxKeys) {
        if (!config.compactEnabled() || lifecycle.state() != LogState.OPEN || cleaning != null) {
            return null;
        }
        List<LogSegment> cleanable = CleanerPass.cleanable(segments, highWatermark);
        if (cleanable.isEmpty()) {
            return null;
        }
        cleaning = new CleanerPass(name, dir, cleanable, clock.milliseconds(), config.deleteRetentionMs(), maxKeys);
        return cleaning;
    }

    /**
     * Step 3 of a compaction pass, owner thread: swaps the cleaned copies in, oldest segment first. For
     * each: the old segment's files are renamed {@code .deleted} and handed to the delayed deleter (read
     * results taken before keep reading the old bytes), {@code <base>.log.swap} is renamed to
     * {@code <base>.log} and opened with rebuilt indexes, and the new segment replaces the old in the
     * map. A segment left without batches is removed from the log (unless it is the first). A segment
     * that retention or truncation removed meanwhile is skipped and its copy deleted. Offsets, the log
     * start offset and the log end offset never change.
     *
     * @throws LogStorageException if the pass failed on its worker (the log stays online: nothing of it
     *         was swapped in), or if a swap fails (the log goes offline; recovery completes the swap)
     * @throws IllegalArgumentException if {@code pass} is not this log's pass under way
     */
    public CleanerStats completeCleaning(CleanerPass pass) {
        if (pass != cleaning || pass == null) {
            throw new IllegalArgumentException("not the compaction pass under way on " + name);
        }
        cleaning = null;
        if (pass.failure() != null) {
            throw pass.failure();
        }
        if (lifecycle.state() != LogState.OPEN) {
            pass.deleteFiles();
            return CleanerStats.NOTHING;
        }
        long now = clock.milliseconds();
        try {
            CleanerStats stats = CleanedSegmentSwap.swapIn(pass, segments, deleter, dir, config,
                    now + config.fileDeleteDelayMs());
            directoryDirty = true;
            deleter.removeDue(now);
            return stats;
        } catch (IOException e) {
            throw lifecycle.transitionToOffline("compaction swap", dir, e);
        }
    }

    /** All three steps of a compaction pass on the calling (owner) thread; NOTHING if none was due. */
    public CleanerStats clean(int maxKeys) {
        CleanerPass pass = prepareCleaning(maxKeys);
        if (pass == null) {
            return CleanerStats.NOTHING;
        }
        pass.run();
        return completeCleaning(pass);
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
        if (offset < logEndOffset) {
            truncate(offset, offset < logStartOffset);
        } else {
            // an epoch this node started as leader but never wrote in must go too (as Kafka does)
            epochCache.truncateFromEnd(logEndOffset);
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

    private void truncate(long offset, boolean fully) {
        long now = clock.milliseconds();
        synchronized (checkpointLock) {
            try {
                if (fully) {
                    deleter.removeAndSchedule(segments, segments.values(), now + config.fileDeleteDelayMs());
                    segments.put(offset, LogSegment.create(dir, offset, config.segmentIndexBytes()));
                    directoryDirty = true;
                    logStartOffset = offset;
                    recoveryPoint = offset;
                    epochCache.clear();
                } else {
                    deleter.removeAndSchedule(segments, segments.tailMap(offset, false).values(),
                            now + config.fileDeleteDelayMs());
                    LogSegment active = segments.lastEntry().getValue();
                    active.truncateTo(offset, config.indexIntervalBytes());
                    active.makeActive();
                }
                LogSegment active = segments.lastEntry().getValue();
                logEndOffset = active.nextOffset();
                highWatermark = Math.max(logStartOffset, Math.min(highWatermark, logEndOffset));
                recoveryPoint = Math.min(recoveryPoint, logEndOffset);
                epochCache.truncateFromEnd(logEndOffset);
                writeCheckpoint();
            } catch (IOException e) {
                throw lifecycle.transitionToOffline((fully ? "restart at " : "truncate to ") + offset, dir, e);
            }
        }
        deleter.removeDue(now);
    }

    /**
     * Writes {@code partition.checkpoint} (recovery point, high watermark, log start offset) and
     * {@code leader-epoch-checkpoint}, each atomically (tmp file, fsync, rename, directory fsync). May run
     * on a worker thread.
     *
     * @throws LogStorageException on an I/O error, or if the log is offline
     */
    public void checkpoint() {
        lifecycle.ensureWritable();
        synchronized (checkpointLock) {
            try {
                writeCheckpoint();
            } catch (IOException e) {
                throw lifecycle.transitionToOffline("checkpoint", dir.resolve(PartitionCheckpoint.FILE_NAME), e);
            }
        }
    }

    private void writeCheckpoint() throws IOException {
        new PartitionCheckpoint(recoveryPoint, highWatermark, logStartOffset).write(dir);
        LeaderEpochCheckpointFile.write(dir, epochCache.entries());
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
        CleanerPass pass = cleaning;
        if (pass != null) {
            pass.cancel();
        }
        LogStorageException error = lifecycle.failure();
        if (error == null) {
            try {
                for (LogSegment s : segments.values()) {
                    s.flush();
                }
                recoveryPoint = logEndOffset;
                synchronized (checkpointLock) {
                    writeCheckpoint();
                }
            } catch (IOException e) {
                error = lifecycle.transitionToOffline("flush and checkpoint on close", dir, e);
            }
        }
        for (LogSegment s : segments.values()) {
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
