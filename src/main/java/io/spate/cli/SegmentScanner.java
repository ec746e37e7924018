package io.spate.cli;

import io.spate.record.RecordBatch;
import java.nio.ByteBuffer;

/**
 * Walks the batches of a segment file's bytes, from the buffer's position to its limit, framing
 * each by its batchLength field, and tells a {@link Visitor} what it finds. Unlike
 * {@link RecordBatch#batches(ByteBuffer)} it reports what it cannot read instead of stopping
 * silently, since that is what someone dumping a log wants to see:
 *
 * <ul>
 *   <li>{@link Visitor#batch} for every complete batch, valid or not (the visitor checks the CRC);
 *   <li>{@link Visitor#tornTail} when the bytes end inside a batch (fewer than the 12 bytes of
 *       baseOffset and batchLength, or fewer than batchLength says): the tail a crash leaves behind;
 *   <li>{@link Visitor#unframeable} when a batchLength is below the smallest possible batch, after
 *       which no later batch can be found;
 *   <li>{@link Visitor#offsetDiscontinuity} after a batch whose offsets do not continue the segment's:
 *       its baseOffset is not above the previous batch's last offset (or below the base offset of the
 *       file's name), or its record count exceeds its offset span. The baseOffset lies outside the
 *       CRC, so a batch with a flipped baseOffset is still "valid" by its CRC. A gap between batches is
 *       not reported: compaction leaves them.
 * </ul>
 *
 * The buffer's position and limit are not changed. Not thread-safe per buffer.
 */
public final class SegmentScanner {
    /** The smallest batchLength a v2 batch can have: its header minus baseOffset and batchLength. */
    static final int MIN_BATCH_LENGTH = RecordBatch.HEADER_SIZE - RecordBatch.LOG_OVERHEAD;

    /** Receives what {@link #scan} finds, in file order. */
    public interface Visitor {
        void batch(RecordBatch batch);

        /**
         * The bytes end inside a batch that starts at {@code position}: {@code bytesPresent} of it are
         * there, {@code expectedSize} is its size from its batchLength, or -1 when even that is cut off.
         */
        void tornTail(int position, int bytesPresent, long expectedSize);

        /** The batchLength at {@code position} is {@code batchLength}, too small to be a batch. */
        void unframeable(int position, int batchLength);

        /** The batch at {@code position} (already passed to {@link #batch}) breaks the offset order. */
        void offsetDiscontinuity(int position, String reason);
    }

    private SegmentScanner() {
    }

    /**
     * Scans {@code bytes} from position to limit; positions reported are relative to the buffer's
     * position. {@code baseOffset} is the segment's base offset from its file name, or null. Returns the
     * number of problems found: batches that fail magic or CRC, offset discontinuities, a torn tail, an
     * unframeable length (0: the segment is intact).
     */
    public static int scan(ByteBuffer bytes, Long baseOffset, Visitor visitor) {
        ByteBuffer buf = bytes.slice();
        int problems = 0;
        long previousLast = baseOffset == null ? -1 : baseOffset - 1;
        int position = 0;
        int limit = buf.limit();
        while (position < limit) {
            int remaining = limit - position;
            if (remaining < RecordBatch.LOG_OVERHEAD) {
                visitor.tornTail(position, remaining, -1);
                return problems + 1;
            }
            int batchLength = buf.getInt(position + RecordBatch.LENGTH_OFFSET);
            if (batchLength < MIN_BATCH_LENGTH) {
                visitor.unframeable(position, batchLength);
                return problems + 1;
            }
            long size = (long) batchLength + RecordBatch.LOG_OVERHEAD;
            if (size > remaining) {
                visitor.tornTail(position, remaining, size);
                return problems + 1;
            }
            RecordBatch batch = new RecordBatch(buf, position);
            visitor.batch(batch);
            if (batch.magic() != RecordBatch.MAGIC || !batch.isChecksumValid()) {
                problems++;
            }
            String discontinuity = discontinuity(batch, previousLast);
            if (discontinuity != null) {
                visitor.offsetDiscontinuity(position, discontinuity);
                problems++;
            }
            previousLast = Math.max(previousLast, batch.lastOffset());
            position += (int) size;
        }
        return problems;
    }

    /** Why {@code batch} does not continue after offset {@code previousLast}; null if it does. */
    private static String discontinuity(RecordBatch batch, long previousLast) {
        if (batch.baseOffset() <= previousLast) {
            return "baseOffset " + batch.baseOffset() + " is not above " + previousLast
                    + ", the previous batch's last offset (or the segment's base offset - 1)";
        }
        if (batch.lastOffsetDelta() < 0 || batch.recordCount() > batch.lastOffsetDelta() + 1L) {
            return "recordCount " + batch.recordCount() + " does not fit lastOffsetDelta " + batch.lastOffsetDelta();
        }
        return null;
    }
}
