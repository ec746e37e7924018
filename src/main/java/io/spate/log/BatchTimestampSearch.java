package io.spate.log;

import io.spate.record.RecordBatch;
import io.spate.record.Record;
import java.nio.ByteBuffer;

/**
 * Finds the first record at or after a timestamp inside one stored batch, for
 * {@link PartitionLog#offsetForTimestamp}.
 *
 * <p>On a LogAppendTime batch every record carries the batch's max timestamp, so the answer is the
 * batch's first record. A CreateTime batch is decoded (decompressed if needed) and its records are
 * searched, so the answer is exact for every codec.
 */
final class BatchTimestampSearch {
    private BatchTimestampSearch() {
    }

    /**
     * The first record of the batch in {@code batch} (the whole batch, at position 0) with timestamp
     * {@code >= target} and offset {@code >= minOffset}, or null if there is none.
     *
     * @throws IllegalStateException if the record framing is broken (the batch passed its CRC, so this
     *         means it was written wrongly)
     */
    static TimestampOffset firstAtOrAfter(ByteBuffer batch, long target, long minOffset) {
        RecordBatch b = new RecordBatch(batch, 0);
        if (b.maxTimestamp() < target || b.lastOffset() < minOffset) {
            return null;
        }
        if (b.isLogAppendTime()) {
            return new TimestampOffset(b.maxTimestamp(), Math.max(b.baseOffset(), minOffset));
        }
        // ListOffsets by time is rare: decoding the records (decompressing if needed) keeps it exact
        for (Record r : b.records()) {
            if (r.timestamp() >= target && r.offset() >= minOffset) {
                return new TimestampOffset(r.timestamp(), r.offset());
            }
        }
        return null;
    }
}
