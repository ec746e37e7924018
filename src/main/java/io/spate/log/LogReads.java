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

    private static final System.Logger LOG = System.getLogger(LogReads.class.getName());

    LogReads(String name, LogSegments segments, LogLifecycle lifecycle) {
        this.name = name;
        this.segments = segments;
        this.lifecycle = lifecycle;
    }

    /**
     * See {@link PartitionLog#read}; {@code start} and {@code end} are the log's bounds now, and
     * {@code contiguous} says the log is never compacted (no gaps between batches, see
     * {@link BatchContinuity}). A batch that breaks the offset rules takes the log offline: the answer
     * is the {@link LogStorageException}, never the batches after it.
     */
    LogReadResult read(long startOffset, int maxBytes, long maxOffsetExclusive, boolean minOneBatch, long start, long end,
                       boolean contiguous) {
        lifecycle.ensureReadable();
        if (startOffset < start || startOffset > end) {
            throw new OffsetOutOfRangeException(startOffset, start, end);
        }
        if (startOffset == end || startOffset >= maxOffsetExclusive) {
            return LogReadResult.empty(name);
        }
        for (LogSegment s : segments.from(startOffset)) {
            try {
                BatchContinuity rules = new BatchContinuity(s.baseOffset(), segments.nextBaseOffset(s), contiguous);
                LogReadResult r = s.reader().read(name, startOffset, maxBytes, maxOffsetExclusive, minOneBatch, rules);
                if (r != null) {
                    return r;
                }
            } catch (SegmentCorruptionException e) {
                LOG.log(System.Logger.Level.ERROR, "partition " + name + " is taken offline: a read at offset "
                        + startOffset + " met a corrupt batch in " + e.file() + " at byte position " + e.position()
                        + ": " + e.reason() + ". Nothing past it is served; see docs/operations.md (corrupt segments)");
                throw lifecycle.transitionToOffline("read at offset " + startOffset, s.log().file(), e);
            } catch (IOException e) {
                throw lifecycle.transitionToOffline("read at offset " + startOffset, s.log().file(), e);
            }
        }
        return LogReadResult.empty(name);
    }

    /** ListOffsets' spec of the record with the largest timestamp (Kafka's KIP-734). */
    static final long MAX_TIMESTAMP = -3;

    /**
     * See {@link PartitionLog#findOffsetByTimestamp}; {@code start} is the log start offset now.
     * {@link #MAX_TIMESTAMP} finds the first record with the largest timestamp.
     */
    Optional<TimestampOffset> findOffsetByTimestamp(long timestamp, long start) {
        lifecycle.ensureReadable();
        if (timestamp == MAX_TIMESTAMP) {
            // the segment holding the largest timestamp at or above the start, then its first record with it
            LogSegment best = null;
            for (LogSegment s : segments) {
                if (s.nextOffset() > start && (best == null || s.maxTimestamp() > best.maxTimestamp())) {
                    best = s;
                }
            }
            if (best == null || best.maxTimestamp() < 0) {
                return Optional.empty();
            }
            timestamp = best.maxTimestamp();
        }
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
