package io.spate.log;

import io.spate.record.RecordBatch;
import java.nio.ByteBuffer;

/**
 * Stamps a produce payload in place before it is written: each batch's base offset (consecutive from
 * the log end offset) and partitionLeaderEpoch, fields outside the CRC'd range; on a LogAppendTime topic
 * also the timestamp-type attribute bit and baseTimestamp = maxTimestamp = the broker's now, which are
 * inside it, so the CRC is recomputed.
 */
final class BatchStamper {
    private BatchStamper() {
    }

    /**
     * Checks that {@code batches} (position..limit) is whole v2 batches, then stamps them.
     *
     * @param logAppendTime the broker time to stamp, or {@link RecordBatch#NO_TIMESTAMP} for CreateTime
     * @throws IllegalArgumentException if the bytes are not whole v2 batches; nothing is stamped then
     */
    static LogAppendInfo stamp(ByteBuffer batches, long firstOffset, int leaderEpoch, long logAppendTime,
                               long logStartOffset, String partition) {
        return stamp(batches, countBatches(batches, partition), firstOffset, leaderEpoch, logAppendTime,
                logStartOffset, partition);
    }

    /** As above, for bytes {@link #countBatches} already found to be {@code batchCount} whole v2 batches. */
    static LogAppendInfo stamp(ByteBuffer batches, int batchCount, long firstOffset, int leaderEpoch,
                               long logAppendTime, long logStartOffset, String partition) {
        long next = firstOffset;
        long maxTimestamp = RecordBatch.NO_TIMESTAMP;
        long offsetOfMaxTimestamp = firstOffset;
        for (int pos = batches.position(); pos < batches.limit(); ) {
            RecordBatch b = new RecordBatch(batches, pos);
            batches.putLong(pos + RecordBatch.BASE_OFFSET_OFFSET, next);
            batches.putInt(pos + RecordBatch.PARTITION_LEADER_EPOCH_OFFSET, leaderEpoch);
            if (logAppendTime != RecordBatch.NO_TIMESTAMP) {
                short attributes = (short) (b.attributes() | RecordBatch.TIMESTAMP_TYPE_MASK);
                batches.putShort(pos + RecordBatch.ATTRIBUTES_OFFSET, attributes);
                batches.putLong(pos + RecordBatch.BASE_TIMESTAMP_OFFSET, logAppendTime);
                batches.putLong(pos + RecordBatch.MAX_TIMESTAMP_OFFSET, logAppendTime);
                batches.putInt(pos + RecordBatch.CRC_OFFSET, (int) b.computeChecksum());
            }
            if (b.maxTimestamp() > maxTimestamp) {
                maxTimestamp = b.maxTimestamp();
                offsetOfMaxTimestamp = next;
            }
            next = b.nextOffset();
            pos += b.sizeInBytes();
        }
        long lastOffset = next - 1;
        if (lastOffset - firstOffset > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("one append to " + partition + " cannot take "
                    + (lastOffset - firstOffset + 1) + " offsets");
        }
        return new LogAppendInfo(firstOffset, lastOffset, maxTimestamp, offsetOfMaxTimestamp, logAppendTime,
                logStartOffset, batches.remaining(), batchCount);
    }

    /** The number of whole v2 batches from position to limit; IllegalArgumentException if not whole. */
    static int countBatches(ByteBuffer batches, String partition) {
        if (!batches.hasRemaining()) {
            throw new IllegalArgumentException("no batches to append to " + partition);
        }
        int count = 0;
        for (int pos = batches.position(); pos < batches.limit(); count++) {
            BatchHeader h = batches.limit() - pos < RecordBatch.HEADER_SIZE ? null : BatchHeader.read(batches, pos, 0);
            if (h == null || h.magic() != RecordBatch.MAGIC || h.sizeInBytes() < RecordBatch.HEADER_SIZE
                    || h.sizeInBytes() > batches.limit() - pos || h.lastOffsetDelta() < 0) {
                throw new IllegalArgumentException("bytes at " + pos + " are not a complete v2 batch (append to "
                        + partition + ")");
            }
            pos += h.sizeInBytes();
        }
        return count;
    }
}
