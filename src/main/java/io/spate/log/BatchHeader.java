package io.spate.log;

import io.spate.record.RecordBatch;
import java.nio.ByteBuffer;

/**
 * The fixed header of one batch as found in a segment file (the first {@link RecordBatch#HEADER_SIZE}
 * bytes), with the batch's file position. Read without checking the CRC: callers that need the
 * batch verified use {@link FileRecords#validBatchAt}.
 */
record BatchHeader(int position, long baseOffset, int sizeInBytes, int partitionLeaderEpoch, byte magic,
                   short attributes, int lastOffsetDelta, long baseTimestamp, long maxTimestamp, long producerId,
                   short producerEpoch, int baseSequence, int recordCount) {

    /** Reads the header at absolute {@code at} of {@code buf} (HEADER_SIZE bytes must be there). */
    static BatchHeader read(ByteBuffer buf, int at, int filePosition) {
        RecordBatch b = new RecordBatch(buf, at);
        long size = (long) b.batchLength() + RecordBatch.LOG_OVERHEAD;
        return new BatchHeader(filePosition, b.baseOffset(), (int) Math.min(size, Integer.MAX_VALUE),
                b.partitionLeaderEpoch(), b.magic(), b.attributes(), b.lastOffsetDelta(), b.baseTimestamp(),
                b.maxTimestamp(), b.producerId(), b.producerEpoch(), b.baseSequence(), b.recordCount());
    }

    long lastOffset() {
        return baseOffset + lastOffsetDelta;
    }

    long nextOffset() {
        return lastOffset() + 1;
    }

    /** File position right after this batch. */
    int endPosition() {
        return position + sizeInBytes;
    }

    boolean isLogAppendTime() {
        return (attributes & RecordBatch.TIMESTAMP_TYPE_MASK) != 0;
    }

    boolean isControl() {
        return (attributes & RecordBatch.CONTROL_FLAG_MASK) != 0;
    }

    boolean isTransactional() {
        return (attributes & RecordBatch.TRANSACTIONAL_FLAG_MASK) != 0;
    }

    boolean isCompressed() {
        return (attributes & RecordBatch.COMPRESSION_CODEC_MASK) != 0;
    }

    /**
     * Could this header start a complete batch in a file of {@code fileSize} bytes? Checks only what the
     * header says: magic 2, a length that covers the header and ends inside the file, offsets forward.
     */
    boolean isPlausible(long fileSize) {
        return magic == RecordBatch.MAGIC
                && sizeInBytes >= RecordBatch.HEADER_SIZE
                && (long) position + sizeInBytes <= fileSize
                && lastOffsetDelta >= 0
                && baseOffset >= 0
                && baseOffset <= Long.MAX_VALUE - lastOffsetDelta - 1;
    }
}
