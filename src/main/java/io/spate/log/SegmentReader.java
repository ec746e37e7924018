package io.spate.log;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The read side of one {@link LogSegment}: turns offsets and timestamps into file positions with the
 * segment's indexes and a short walk of batch headers, and selects whole batches for a fetch.
 *
 * <p>Runs on the owning partition's thread (it reads the indexes, which that thread writes).
 */
final class SegmentReader {
    private final FileRecords log;
    private final OffsetIndex offsetIndex;
    private final TimeIndex timeIndex;

    SegmentReader(FileRecords log, OffsetIndex offsetIndex, TimeIndex timeIndex) {
        this.log = log;
        this.offsetIndex = offsetIndex;
        this.timeIndex = timeIndex;
    }

    /**
     * The header of the first batch whose last offset is {@code >= offset}, found from the offset
     * index's nearest entry by walking headers; null if the segment has none.
     */
    BatchHeader translateOffset(long offset) throws IOException {
        BatchHeader h = log.headerAt(offsetIndex.lookup(offset).position());
        while (h != null && h.lastOffset() < offset) {
            h = log.headerAt(h.endPosition());
        }
        return h;
    }

    /**
     * Whole batches from the one holding {@code startOffset}: up to {@code maxBytes} (at least one batch
     * if {@code minOneBatch}), none with a base offset {@code >= maxOffsetExclusive}. Null if the segment
     * holds nothing at or after {@code startOffset}.
     */
    LogReadResult read(String partition, long startOffset, int maxBytes, long maxOffsetExclusive,
                       boolean minOneBatch) throws IOException {
        BatchHeader first = translateOffset(startOffset);
        if (first == null) {
            return null;
        }
        int start = first.position();
        int end = start;
        if (first.baseOffset() < maxOffsetExclusive && first.sizeInBytes() <= maxBytes) {
            // every batch before an index entry's batch is whole, has a smaller base offset and ends at
            // its position: jump there and walk only the headers after it
            OffsetPosition boundary = offsetIndex.lastEntryWithin((long) start + maxBytes, maxOffsetExclusive);
            if (boundary != null && boundary.position() > start) {
                end = boundary.position();
            }
        }
        for (BatchHeader h = end == start ? first : log.headerAt(end); h != null; h = log.headerAt(end)) {
            boolean fits = (long) end - start + h.sizeInBytes() <= maxBytes || (end == start && minOneBatch);
            if (h.baseOffset() >= maxOffsetExclusive || !fits) {
                break;
            }
            end = h.endPosition();
        }
        if (end == start) {
            return LogReadResult.empty(partition);
        }
        return new LogReadResult(partition, log.file(), log.channel(), start, end - start, first.baseOffset());
    }

    /**
     * The first record with timestamp {@code >= timestamp} and offset {@code >= minOffset}, or null.
     * Starts at the batch of the time index's last entry older than {@code timestamp}: nothing up to
     * that batch can be at or after the timestamp.
     */
    TimestampOffset findOffsetByTimestamp(long timestamp, long minOffset) throws IOException {
        long from = timestamp == Long.MIN_VALUE ? minOffset : timeIndex.lookup(timestamp - 1).offset();
        int position = offsetIndex.lookup(Math.max(from, minOffset)).position();
        for (BatchHeader h = log.headerAt(position); h != null; h = log.headerAt(h.endPosition())) {
            if (h.maxTimestamp() >= timestamp && h.lastOffset() >= minOffset) {
                ByteBuffer batch = ByteBuffer.allocate(h.sizeInBytes());
                log.readInto(batch, h.position());
                TimestampOffset found = BatchTimestampSearch.firstAtOrAfter(batch.flip(), timestamp, minOffset);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** The header at {@code position}, or null if no complete batch starts there. */
    BatchHeader headerAt(int position) throws IOException {
        return log.headerAt(position);
    }
}
