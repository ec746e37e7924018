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
    private final LazyIndex<OffsetIndex> offsetIndex;
    private final LazyIndex<TimeIndex> timeIndex;

    SegmentReader(FileRecords log, LazyIndex<OffsetIndex> offsetIndex, LazyIndex<TimeIndex> timeIndex) {
        this.log = log;
        this.offsetIndex = offsetIndex;
        this.timeIndex = timeIndex;
    }

    /**
     * The header of the first batch whose last offset is {@code >= offset}, found from the offset
     * index's nearest entry by walking headers; null if the segment has none. Every header walked is
     * checked with {@code rules} (and the entry's batch must hold the entry's offset, {@link OffsetIndex}).
     *
     * @throws SegmentCorruptionException if a batch walked breaks the rules or the walk ends inside the file
     */
    BatchHeader translateOffset(long offset, BatchContinuity rules) throws IOException {
        OffsetPosition entry = offsetIndex.get().lookup(offset);
        BatchHeader h = checkedHeaderAt(entry.position(), rules);
        // Kafka's entries name the batch's last offset, Spate's index format 1 its base offset: either reads right
        if (h != null && entry.position() > 0 && (entry.offset() < h.baseOffset() || entry.offset() > h.lastOffset())) {
            throw new SegmentCorruptionException(log.file(), entry.position(), "the offset index points at offset "
                    + entry.offset() + " but the batch there holds offsets " + h.baseOffset() + " to " + h.lastOffset());
        }
        while (h != null && h.lastOffset() < offset) {
            h = checkedHeaderAt(h.endPosition(), rules);
        }
        return h;
    }

    /** {@link #translateOffset(long, BatchContinuity)} with the rules every log keeps, for truncation. */
    BatchHeader translateOffset(long offset) throws IOException {
        return translateOffset(offset, new BatchContinuity(offsetIndex.get().baseOffset, Long.MAX_VALUE, false));
    }

    /**
     * The header at {@code position} if it keeps {@code rules}; null at the end of the file.
     *
     * @throws SegmentCorruptionException if no complete, plausible batch starts there although the file
     *         goes on, or the batch breaks the rules
     */
    private BatchHeader checkedHeaderAt(int position, BatchContinuity rules) throws IOException {
        BatchHeader h = log.headerAt(position);
        if (h == null) {
            if (position < log.sizeInBytes()) {
                throw new SegmentCorruptionException(log.file(), position, "no complete batch starts here although the "
                        + "file holds " + (log.sizeInBytes() - position) + " more bytes (bad length, magic or offsets)");
            }
            return null;
        }
        String violation = rules.next(h);
        if (violation != null) {
            throw new SegmentCorruptionException(log.file(), position, violation);
        }
        return h;
    }

    /**
     * Whole batches from the one holding {@code startOffset}: up to {@code maxBytes} (at least one batch
     * if {@code minOneBatch}), none with a base offset {@code >= maxOffsetExclusive}. Null if the segment
     * holds nothing at or after {@code startOffset}. Every batch handed out has had its header checked
     * with {@code rules} (offsets continue from the batch before, stay in the segment): the header's
     * baseOffset and length are outside the CRC, and a consumer trusts them to know where it is.
     *
     * @throws SegmentCorruptionException at the first batch that breaks the rules: nothing past it is
     *         handed out as if valid
     */
    LogReadResult read(String partition, long startOffset, int maxBytes, long maxOffsetExclusive,
                       boolean minOneBatch, BatchContinuity rules) throws IOException {
        BatchHeader first = translateOffset(startOffset, rules);
        if (first == null) {
            return null;
        }
        int start = first.position();
        int end = start;
        long next = -1;
        for (BatchHeader h = first; h != null; h = log.headerAt(end)) {
            boolean fits = (long) end - start + h.sizeInBytes() <= maxBytes || (end == start && minOneBatch);
            if (h.baseOffset() >= maxOffsetExclusive || !fits) {
                break; // not handed out: a read that starts there checks it
            }
            String violation = h == first ? null : rules.next(h);
            if (violation != null) {
                throw new SegmentCorruptionException(log.file(), end, violation);
            }
            end = h.endPosition();
            next = h.nextOffset();
        }
        if (end == start) {
            return LogReadResult.empty(partition);
        }
        return new LogReadResult(partition, log.file(), log.channel(), start, end - start, first.baseOffset(), next);
    }

    /**
     * The first record with timestamp {@code >= timestamp} and offset {@code >= minOffset}, or null.
     * Starts at the batch of the time index's last entry older than {@code timestamp}: nothing up to
     * that batch can be at or after the timestamp.
     */
    TimestampOffset findOffsetByTimestamp(long timestamp, long minOffset) throws IOException {
        long from = timestamp == Long.MIN_VALUE ? minOffset : timeIndex.get().lookup(timestamp - 1).offset();
        int position = offsetIndex.get().lookup(Math.max(from, minOffset)).position();
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
