package io.spate.record;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * Finds the first record at or after a timestamp inside one stored CreateTime batch, for
 * ListOffsets by time, by walking its records (through a decompressing stream if it is compressed)
 * and reading only their timestamps: keys and values are skipped, nothing is allocated per record,
 * and the inflated bytes are bounded by {@link RecordBatch#DEFAULT_MAX_DECOMPRESSED_BYTES}. (Decoding
 * the records instead held the whole inflated section on the heap: a stored decompression bomb
 * answered one request with an OutOfMemoryError.)
 */
public final class TimestampSearch {
    private TimestampSearch() {
    }

    /** The offset and timestamp of a record found. */
    public record Found(long offset, long timestamp) {
    }

    /**
     * The first record of {@code batch} with timestamp {@code >= target} and offset {@code >= minOffset},
     * or null if it holds none. Only the batch's framing is trusted (it passed validation when stored).
     *
     * @throws CorruptRecordException if the records cannot be walked, or decompress past the bound
     */
    public static Found firstAtOrAfter(RecordBatch batch, long target, long minOffset) {
        ByteBuffer buf = batch.buffer();
        int pos = batch.position();
        int recordsStart = pos + RecordBatch.RECORDS_OFFSET;
        int batchEnd = pos + batch.sizeInBytes();
        CompressionType type = batch.compressionType();
        int minIndex = (int) Math.max(0, Math.min(Integer.MAX_VALUE, minOffset - batch.baseOffset()));
        InputStream in = null;
        try {
            RecordWalker walker;
            if (type == CompressionType.NONE) {
                walker = new BufferRecordWalker(buf).region(recordsStart, batchEnd);
            } else {
                ByteBuffer section = buf.duplicate();
                section.limit(batchEnd).position(recordsStart);
                in = type.wrapForInput(section);
                walker = new StreamRecordWalker(in, RecordBatch.DEFAULT_MAX_DECOMPRESSED_BYTES, type.configName());
            }
            walker.searching(target, minIndex).walk(batch.recordCount(), batch.baseTimestamp(), batch.isLogAppendTime(),
                    batch.maxTimestamp(), pos);
            return walker.foundIndex() < 0 ? null
                    : new Found(batch.baseOffset() + walker.foundIndex(), walker.foundTimestamp());
        } catch (IOException | InvalidBatchException e) {
            throw new CorruptRecordException("batch at " + pos + ": " + e.getMessage(), e);
        } finally {
            if (in != null) {
                try {
                    in.close();
                } catch (IOException ignored) {
                    // only frees the codec's buffers
                }
            }
        }
    }
}
