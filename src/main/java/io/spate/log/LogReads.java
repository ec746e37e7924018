package io.spate.log;

import java.io.IOException;
import java.util.Optional;

/**
 * The reads of one partition's segments: whole batches from an offset, and the first record at or
 * after a timestamp. Any thread; an I/O error takes the log offline.
 */
final class LogReads {
    private final String name;
    private final LogSegments segments;
    private final LogLifecycle lifecycle;

    LogReads(String name, LogSegments segments, LogLifecycle lifecycle) {
        this.name = name;
        this.segments = segments;
        this.lifecycle = lifecycle;
    }

    /** See {@link PartitionLog#read}; {@code start} and {@code end} are the log's bounds now. */
    LogReadResult read(long startOffset, int maxBytes, long maxOffsetExclusive, boolean minOneBatch, long start, long end) {
        lifecycle.ensureReadable();
        if (startOffset < start || startOffset > end) {
            throw new OffsetOutOfRangeException(startOffset, start, end);
        }
        if (startOffset == end || startOffset >= maxOffsetExclusive) {
            return LogReadResult.empty(name);
        }
        for (LogSegment s : segments.from(startOffset)) {
            try {
                LogReadResult r = s.reader().read(name, startOffset, maxBytes, maxOffsetExclusive, minOneBatch);
                if (r != null) {
                    return r;
                }
            } catch (IOException e) {
                throw lifecycle.transitionToOffline("read at offset " + startOffset, s.log().file(), e);
            }
        }
        return LogReadResult.empty(name);
    }

    /** See {@link PartitionLog#findOffsetByTimestamp}; {@code start} is the log start offset now. */
    Optional<TimestampOffset> findOffsetByTimestamp(long timestamp, long start) {
        lifecycle.ensureReadable();
        for (LogSegment s : segments) {
            if (s.maxTimestamp() < timestamp || s.nextOffset() <= start) {
                continue;
            }
            try {
                TimestampOffset found = s.reader().findOffsetByTimestamp(timestamp, start);
                if (found != null) {
                    return Optional.of(found);
                }
            } catch (IOException e) {
                throw lifecycle.transitionToOffline("timestamp lookup", s.log().file(), e);
            }
        }
        return Optional.empty();
    }
}
