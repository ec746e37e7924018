package io.spate.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

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
 * <p>Owner thread only. An I/O error takes the log offline ({@link LogLifecycle}); the caller moves the
 * log end offset only after a write returns.
 */
final class ActiveSegmentWriter {
    private final Path dir;
    private final LogSegments segments;
    private final LogLifecycle lifecycle;
    private final LogFlusher flusher;

    ActiveSegmentWriter(Path dir, LogSegments segments, LogLifecycle lifecycle, LogFlusher flusher) {
        this.dir = dir;
        this.segments = segments;
        this.lifecycle = lifecycle;
        this.flusher = flusher;
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
            throw lifecycle.transitionToOffline("append of " + batches.remaining() + " bytes", active.log().file(), e);
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

    /** Closes the active segment for appends and starts a new one at {@code logEndOffset}. */
    private void roll(long logEndOffset, LogConfig config) {
        LogSegment old = segments.activeSegment();
        Path file = LogFileUtils.logFile(dir, logEndOffset);
        try {
            old.onBecomeInactive();
            LogSegment created = LogSegment.create(dir, logEndOffset, config.segmentIndexBytes());
            flusher.directoryChanged();
            segments.add(created);
        } catch (IOException e) {
            throw lifecycle.transitionToOffline("roll to a new segment", file, e);
        }
    }
}
