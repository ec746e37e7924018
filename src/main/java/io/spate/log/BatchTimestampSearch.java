package io.spate.log;

import io.spate.record.RecordBatch;
import io.spate.record.TimestampSearch;
import java.nio.ByteBuffer;

/**
 * Finds the first record at or after a timestamp inside one stored batch, for
 * {@link PartitionLog#offsetForTimestamp}.
 *
 * <p>On a LogAppendTime batch every record carries the batch's max timestamp, so the answer is the
 * batch's first record. A CreateTime batch's records are walked for their timestamps only
 * ({@link TimestampSearch}: through a decompressing stream, nothing held), so the answer is exact
 * for every codec.
 */
final class BatchTimestampSearch {
    private BatchTimestampSearch() {
    }

    /**
     * The first record of the batch in {@code batch} (the whole batch, at position 0) with timestamp
     * {@code >= target} and offset {@code >= minOffset}, or null if there is none.
     *
     * @throws io.spate.record.CorruptRecordException if the records cannot be walked (the batch passed
     *         its CRC, so it was written wrongly) or decompress past the bound
     */
    static TimestampOffset firstAtOrAfter(ByteBuffer batch, long target, long minOffset) {
        RecordBatch b = new RecordBatch(batch, 0);
        if (b.maxTimestamp() < target || b.lastOffset() < minOffset) {
            return null;
        }
        if (b.isLogAppendTime()) {
            return new TimestampOffset(b.maxTimestamp(), Math.max(b.baseOffset(), minOffset));
        }
        TimestampSearch.Found found = TimestampSearch.firstAtOrAfter(b, target, minOffset);
        return found == null ? null : new TimestampOffset(found.timestamp(), found.offset());
    }
}
