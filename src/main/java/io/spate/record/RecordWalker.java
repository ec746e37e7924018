package io.spate.record;

import java.io.IOException;

/**
 * Walks the varint-framed records of one batch's (uncompressed or decompressed) records section and
 * checks every record's structure without allocating: the length varint, then attributes,
 * timestamp delta, offset delta (which must equal the record's index), key and value (length -1 =
 * null), header count and headers, all of which must take exactly the record's declared length.
 * Lengths are checked against the record before anything is skipped, so hostile lengths cannot
 * run past it. It stops with INVALID_RECORD as soon as there is one record more than declared.
 *
 * <p>Subclasses supply the bytes: {@link BufferRecordWalker} over a buffer region (the uncompressed fast
 * path), {@link StreamRecordWalker} over a decompressing stream, bounded in total output.
 */
abstract class RecordWalker {
    private long maxTimestamp;
    private int indexOfMaxTimestamp;
    /** A search ({@link #searching}): the walk stops at the first record found. Off by default. */
    private boolean searching;
    private long searchTarget;
    private int searchMinIndex;
    private int foundIndex = -1;
    private long foundTimestamp;

    /** The next unsigned byte, or -1 at the end of the section. */
    abstract int read() throws IOException;

    /** Skips {@code n} bytes; false if the section ended first. */
    abstract boolean skip(int n) throws IOException;

    /** Whether at least one more byte follows. */
    abstract boolean hasMore() throws IOException;

    /** Bytes consumed from the section so far. */
    abstract long consumed();

    /** The largest record timestamp of the last walk, NO_TIMESTAMP if none. */
    final long maxTimestamp() {
        return maxTimestamp;
    }

    /** The index of the first record with {@link #maxTimestamp()} in the last walk, -1 if none. */
    final int indexOfMaxTimestamp() {
        return indexOfMaxTimestamp;
    }

    /**
     * Makes the next {@link #walk} a search: it stops after the first record with index
     * {@code >= minIndex} and timestamp {@code >= target} ({@link #foundIndex()}), walking no further.
     */
    final RecordWalker searching(long target, int minIndex) {
        searching = true;
        searchTarget = target;
        searchMinIndex = minIndex;
        return this;
    }

    /** The index of the record a search found, -1 if none. */
    final int foundIndex() {
        return foundIndex;
    }

    /** The timestamp of the record a search found. */
    final long foundTimestamp() {
        return foundTimestamp;
    }

    /**
     * Walks the whole section (a search: up to the record it finds); returns the number of records walked.
     *
     * @throws InvalidBatchException on a malformed record or more records than {@code declaredCount}
     * @throws IOException           if the bytes cannot be read (malformed compressed data)
     */
    final int walk(int declaredCount, long baseTimestamp, boolean logAppendTime, long batchMaxTimestamp,
                   int batchPosition) throws IOException {
        maxTimestamp = RecordBatch.NO_TIMESTAMP;
        indexOfMaxTimestamp = -1;
        foundIndex = -1;
        int index = 0;
        while (hasMore()) {
            if (index == declaredCount) {
                throw new InvalidBatchException(InvalidBatchException.Reason.INVALID_RECORD, batchPosition,
                        "recordCount is " + declaredCount + " but more records follow");
            }
            int length = varint(Long.MAX_VALUE, index, batchPosition);
            if (length < 0) {
                throw corrupt(batchPosition, index, "negative record length " + length);
            }
            long end = consumed() + length;
            byteWithin(end, index, batchPosition); // attributes: unused in v2
            long timestampDelta = varlong(end, index, batchPosition);
            int offsetDelta = varint(end, index, batchPosition);
            if (offsetDelta != index) {
                throw new InvalidBatchException(InvalidBatchException.Reason.INVALID_RECORD, batchPosition,
                        "record " + index + " has offset delta " + offsetDelta);
            }
            skipBytes(end, true, "key", index, batchPosition);
            skipBytes(end, true, "value", index, batchPosition);
            int headers = varint(end, index, batchPosition);
            if (headers < 0) {
                throw corrupt(batchPosition, index, "negative header count " + headers);
            }
            for (int h = 0; h < headers; h++) {
                skipBytes(end, false, "header key", index, batchPosition);
                skipBytes(end, true, "header value", index, batchPosition);
            }
            if (consumed() != end) {
                throw corrupt(batchPosition, index, "declares " + length + " bytes but its fields end "
                        + (end - consumed()) + " bytes earlier");
            }
            long timestamp = logAppendTime ? batchMaxTimestamp : baseTimestamp + timestampDelta;
            if (timestamp > maxTimestamp) {
                maxTimestamp = timestamp;
                indexOfMaxTimestamp = index;
            }
            index++;
            if (searching && index - 1 >= searchMinIndex && timestamp >= searchTarget) {
                foundIndex = index - 1;
                foundTimestamp = timestamp;
                return index;
            }
        }
        return index;
    }

    private void skipBytes(long end, boolean nullable, String what, int index, int batchPosition) throws IOException {
        int length = varint(end, index, batchPosition);
        if (length == -1 && nullable) {
            return;
        }
        if (length < 0 || length > end - consumed()) {
            throw corrupt(batchPosition, index, what + " length " + length + " with " + (end - consumed())
                    + " bytes left in the record");
        }
        if (!skip(length)) {
            throw corrupt(batchPosition, index, "records end inside the " + what);
        }
    }

    private int byteWithin(long end, int index, int batchPosition) throws IOException {
        if (consumed() >= end) {
            throw corrupt(batchPosition, index, "fields run past the record's declared length");
        }
        int b = read();
        if (b < 0) {
            throw corrupt(batchPosition, index, "records end inside a record");
        }
        return b;
    }

    /** A zig-zag varint with Kafka's semantics: at most 5 bytes. */
    private int varint(long end, int index, int batchPosition) throws IOException {
        int raw = 0;
        for (int shift = 0; ; shift += 7) {
            int b = byteWithin(end, index, batchPosition);
            if (shift == 28 && (b & 0x80) != 0) {
                throw corrupt(batchPosition, index, "varint longer than 5 bytes");
            }
            raw |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
    }

    /** A zig-zag varlong with Kafka's semantics: at most 10 bytes. */
    private long varlong(long end, int index, int batchPosition) throws IOException {
        long raw = 0;
        for (int shift = 0; ; shift += 7) {
            int b = byteWithin(end, index, batchPosition);
            if (shift == 63 && (b & 0x80) != 0) {
                throw corrupt(batchPosition, index, "varlong longer than 10 bytes");
            }
            raw |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
    }

    private static InvalidBatchException corrupt(int batchPosition, int index, String detail) {
        return new InvalidBatchException(InvalidBatchException.Reason.CORRUPT, batchPosition,
                "record " + index + ": " + detail);
    }
}
