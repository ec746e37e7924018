package io.spate.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongConsumer;

/**
 * The write path under both appends ({@link PartitionLog#append} once the batches are stamped, and each
 * run of {@link FollowerAppender}): whole batches go to the active segment, which is first rolled when
 * the roll rule says so.
 *
 * <p>The roll rule ({@link #rollDue}): an empty segment never rolls (unless bytes are pending for it),
 * so every segment holds at least one batch before the next begins. Otherwise it rolls before a write
 * that would take it past segment.bytes, once it is older than segment.ms (its age starts with its
 * first write), when either index is full, or when the write's last offset lies too far above its base
 * offset for the offset index's 4-byte relative offsets. Rolling trims the old segment's indexes
 * ({@link LogSegment#onBecomeInactive}) and creates the new active segment at the log end offset.
 *
 * <p>Failures ({@link LogLifecycle#failedWrite}): a write or roll that fails for lack of space or file
 * descriptors is undone — the partial append cut off ({@link FileRecords#append}), the half-created
 * segment's files removed, the old segment left active — and throws a retriable
 * {@link LogStorageException}: the log stays open and the next write tries again (and rolls then, the
 * roll still being due). Any other I/O error takes the log offline. The caller moves the log end
 * offset only after a write returns.
 *
 * <p>Owner thread only.
 */
final class ActiveSegmentWriter {
    private final Path dir;
    private final LogSegments segments;
    private final LogLifecycle lifecycle;
    private final LogFlusher flusher;
    /** Told the new segment's base offset after each roll (the producer state snapshot is taken there). */
    private final LongConsumer rolled;

    ActiveSegmentWriter(Path dir, LogSegments segments, LogLifecycle lifecycle, LogFlusher flusher, LongConsumer rolled) {
        this.dir = dir;
        this.segments = segments;
        this.lifecycle = lifecycle;
        this.flusher = flusher;
        this.rolled = rolled;
    }

    /**
     * Writes {@code batches} (whole batches, position..limit, the last ending at {@code lastOffset}) to
     * the active segment, rolling first to a new one at {@code logEndOffset} if due.
     *
     * @throws LogStorageException on an I/O error
     */
    void write(ByteBuffer batches, long lastOffset, long logEndOffset, LogConfig config, long now) {
        if (rollDue(0, batches.remaining(), lastOffset, config, now)) {
            roll(logEndOffset, config);
        }
        LogSegment active = segments.activeSegment();
        try {
            active.append(batches, config.indexIntervalBytes(), now);
        } catch (IOException e) {
            throw lifecycle.failedWrite("append of " + batches.remaining() + " bytes", active.log().file(), e);
        }
    }

    /**
     * Must the active segment roll before {@code bytes} more whose last offset is {@code lastOffset},
     * with {@code pending} bytes yet to go to it first?
     */
    boolean rollDue(long pending, int bytes, long lastOffset, LogConfig config, long now) {
        LogSegment active = segments.activeSegment();
        boolean written = !active.isEmpty(); // an empty segment's age starts with its first write
        return (written || pending > 0) && (active.sizeInBytes() + pending + bytes > config.segmentBytes()
                || written && now - active.rollingBaseTimeMs() > config.segmentMs()
                || active.indexFull()
                || lastOffset - active.baseOffset() > Integer.MAX_VALUE);
    }

    /**
     * Starts a new active segment at {@code logEndOffset}, then closes the old one for appends (trims its
     * indexes). If either step fails, the new segment's files are removed and the old segment stays the
     * active one; should trimming have got halfway, one of its indexes is full, so the roll stays due.
     */
    private void roll(long logEndOffset, LogConfig config) {
        LogSegment old = segments.activeSegment();
        Path file = LogFileUtils.logFile(dir, logEndOffset);
        LogSegment created = null;
        boolean ours = !Files.exists(file); // a file already there is not this roll's to remove
        try {
            created = LogSegment.create(dir, logEndOffset, config.segmentIndexBytes());
            old.onBecomeInactive();
        } catch (IOException e) {
            if (ours) {
                removeUnused(created, logEndOffset, e);
            }
            throw lifecycle.failedWrite("roll to a new segment", file, e);
        }
        flusher.directoryChanged();
        segments.add(created);
        rolled.accept(logEndOffset);
    }

    /** Removes the files of a segment that a failed roll began at {@code baseOffset} (null: not opened). */
    private void removeUnused(LogSegment created, long baseOffset, IOException failure) {
        try {
            if (created != null) {
                created.closeAndDelete();
            }
            Files.deleteIfExists(LogFileUtils.logFile(dir, baseOffset));
            Files.deleteIfExists(LogFileUtils.offsetIndexFile(dir, baseOffset));
            Files.deleteIfExists(LogFileUtils.timeIndexFile(dir, baseOffset));
        } catch (IOException e) {
            // a stray file at the log end would make the next roll fail on it: this log cannot go on
            failure.addSuppressed(e);
            throw lifecycle.transitionToOffline("removing the files of a failed roll", dir, e);
        }
    }
}
