package io.spate.log;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Cuts a partition log back for a follower: to an offset where it diverged from its leader
 * ({@link #truncateTo}), or entirely, to restart at an offset ({@link #restartAt}, Kafka's
 * truncateFullyAndStartAt, for a follower whose leader's log starts past this log's end). Whole
 * segments go as retention's do: taken out of the {@link LogSegments} and handed to the
 * {@link SegmentDeleter}, so reads in flight stay valid. The leader-epoch cache loses the epochs that
 * start at or past the new log end.
 *
 * <p>Owner thread only, inside {@link LogCheckpointer#changeAndWrite}: the offsets returned must reach
 * {@code partition.checkpoint} before any later checkpoint, so a crash never trusts a recovery point
 * above the new end. An I/O error leaves the segments partly cut; the caller takes the log offline.
 */
final class LogTruncation {
    private final Path dir;
    private final LogSegments segments;
    private final SegmentDeleter deleter;
    private final LeaderEpochCache epochs;
    private final LogFlusher flusher;

    LogTruncation(Path dir, LogSegments segments, SegmentDeleter deleter, LeaderEpochCache epochs, LogFlusher flusher) {
        this.dir = dir;
        this.segments = segments;
        this.deleter = deleter;
        this.epochs = epochs;
        this.flusher = flusher;
    }

    /**
     * Drops every batch whose last offset is {@code >= offset}; a batch holding {@code offset} goes whole,
     * so the log ends at that batch's base offset. {@code offset} lies at or above the first segment's
     * base offset. Returns {@code before} truncated to the new log end.
     *
     * @param deleteAtMs when the files of the segments dropped whole are removed
     */
    LogOffsets truncateTo(long offset, LogOffsets before, LogConfig config, long deleteAtMs) throws IOException {
        deleter.removeAndSchedule(segments, segments.above(offset), deleteAtMs);
        LogSegment active = segments.activeSegment();
        active.truncateTo(offset, config.indexIntervalBytes());
        active.makeActive();
        LogOffsets after = before.truncatedTo(active.nextOffset());
        epochs.truncateFromEnd(after.logEndOffset());
        return after;
    }

    /**
     * Drops every segment and starts an empty one at {@code offset}; clears the leader-epoch cache.
     * Returns the offsets of the emptied log, all {@code offset}.
     *
     * @param deleteAtMs when the dropped segments' files are removed
     */
    LogOffsets restartAt(long offset, LogConfig config, long deleteAtMs) throws IOException {
        deleter.removeAndSchedule(segments, segments.toList(), deleteAtMs);
        segments.add(LogSegment.create(dir, offset, config.segmentIndexBytes()));
        flusher.directoryChanged();
        epochs.clear();
        return LogOffsets.startingAt(offset);
    }
}
