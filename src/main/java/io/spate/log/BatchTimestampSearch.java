package io.spate.log;

import io.spate.record.RecordBatch;
import java.nio.ByteBuffer;

/**
 * Finds the first record at or after a timestamp inside one stored batch, for
 * {@link PartitionLog#offsetForTimestamp}.
 *
 * <p>On a LogAppendTime batch every record carries the batch's max timestamp, so the answer is the
 * batch's first record. On an uncompressed CreateTime batch the records are walked (Kafka's v2 record
 * framing: varint length, int8 attributes, varlong timestampDelta, varint offsetDelta, rest skipped).
 * A compressed CreateTime batch is not decompressed here (decompression lives in io.spate.record): the
 * answer is then its first record, which is never later than the exact answer.
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
        if (b.isLogAppendTime() || b.compressionId() != 0) {
            return new TimestampOffset(b.isLogAppendTime() ? b.maxTimestamp() : b.baseTimestamp(),
                    Math.max(b.baseOffset(), minOffset));
        }
        ByteBuffer buf = batch.duplicate();
        buf.limit(b.sizeInBytes()).position(RecordBatch.RECORDS_OFFSET);
        try {
            return scanRecords(b, buf, target, minOffset);
        } catch (java.nio.BufferUnderflowException e) {
            throw new IllegalStateException("records of batch " + b.baseOffset() + " end early", e);
        }
    }

    private static TimestampOffset scanRecords(RecordBatch b, ByteBuffer buf, long target, long minOffset) {
        for (int i = 0; i < b.recordCount() && buf.hasRemaining(); i++) {
            int length = readVarint(buf);
            int recordStart = buf.position();
            if (length < 0 || length > buf.remaining()) {
                throw new IllegalStateException("record " + i + " of batch " + b.baseOffset() + " has length " + length);
            }
            buf.get(); // attributes, unused
            long timestamp = b.baseTimestamp() + readVarlong(buf);
            long offset = b.baseOffset() + readVarint(buf);
            if (timestamp >= target && offset >= minOffset) {
                return new TimestampOffset(timestamp, offset);
            }
            buf.position(recordStart + length);
        }
        return null;
    }

    /** Zig-zag varint, as Kafka's ByteUtils.readVarint. */
    static int readVarint(ByteBuffer buf) {
        int raw = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            byte b = buf.get();
            raw |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw new IllegalStateException("varint longer than 5 bytes");
    }

    /** Zig-zag varlong, as Kafka's ByteUtils.readVarlong. */
    static long readVarlong(ByteBuffer buf) {
        long raw = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            byte b = buf.get();
            raw |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw new IllegalStateException("varlong longer than 10 bytes");
    }
}
