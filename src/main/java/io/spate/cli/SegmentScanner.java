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
 *       which no later batch can be found.
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
    }

    private SegmentScanner() {
    }

    /** Scans {@code bytes} from position to limit; positions reported are relative to the buffer's position. */
    public static void scan(ByteBuffer bytes, Visitor visitor) {
        ByteBuffer buf = bytes.slice();
        int position = 0;
        int limit = buf.limit();
        while (position < limit) {
            int remaining = limit - position;
            if (remaining < RecordBatch.LOG_OVERHEAD) {
                visitor.tornTail(position, remaining, -1);
                return;
            }
            int batchLength = buf.getInt(position + RecordBatch.LENGTH_OFFSET);
            if (batchLength < MIN_BATCH_LENGTH) {
                visitor.unframeable(position, batchLength);
                return;
            }
            long size = (long) batchLength + RecordBatch.LOG_OVERHEAD;
            if (size > remaining) {
                visitor.tornTail(position, remaining, size);
                return;
            }
            visitor.batch(new RecordBatch(buf, position));
            position += (int) size;
        }
    }
}
