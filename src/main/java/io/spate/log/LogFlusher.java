package io.spate.log;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;

/**
 * Makes a partition log's appends durable: fsyncs the segments from the recovery point on, and the
 * directory when a segment file appeared in it since the directory's last fsync (a roll, a full
 * truncation, a cleaned copy swapped in). One call covers every append before it (group commit).
 *
 * <p>The active segment gets only its log file fsynced ({@link LogSegment#flushLog}): its indexes are
 * rebuilt by recovery past the recovery point, so they are made durable when it rolls or closes.
 *
 * <p>Threading: {@link #flush} runs on a worker while the owner appends, rolls, truncates or swaps,
 * seeing the segments through {@link LogSegments}' weakly consistent views; a segment that the owner
 * removed and closed meanwhile has nothing left to make durable and is skipped. The owner calls
 * {@link #directoryChanged()}; the flag is volatile.
 */
final class LogFlusher {
    private final Path dir;
    private final LogSegments segments;
    private final LogLifecycle lifecycle;
    /** A segment file was created since the last directory fsync: the directory needs one too. */
    private volatile boolean directoryDirty = true;

    LogFlusher(Path dir, LogSegments segments, LogLifecycle lifecycle) {
        this.dir = dir;
        this.segments = segments;
        this.lifecycle = lifecycle;
    }

    /** Owner: a segment file was created or renamed into place; the next flush fsyncs the directory. */
    void directoryChanged() {
        directoryDirty = true;
    }

    /**
     * fsyncs the segments holding offsets from {@code offsets.recoveryPoint()} up to at least
     * {@code offsets.logEndOffset()}, then the directory if it changed; returns that log end offset.
     *
     * @throws LogStorageException on an I/O error (the log goes offline: an fsync that failed cannot be
     *         retried safely), or if the log went offline meanwhile
     */
    long flush(LogOffsets offsets) {
        long end = offsets.logEndOffset();
        LogSegment active = segments.lastSegment().orElse(null);
        for (LogSegment s : segments.from(offsets.recoveryPoint())) {
            if (s.baseOffset() > end) {
                break;
            }
            try {
                if (s == active) {
                    s.flushLog();
                } else {
                    s.flush();
                }
            } catch (ClosedChannelException e) {
                // closed because truncation or retention removed it meanwhile: nothing left to make durable
                if (segments.contains(s)) {
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
}
