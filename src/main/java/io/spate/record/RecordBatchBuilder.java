package io.spate.record;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Builds one record batch in the v2 layout of {@link RecordBatch}, as a producer does: records are
 * appended with offset deltas 0, 1, 2, ... and timestamp deltas from the first record's timestamp
 * (the batch's base timestamp); {@link #build()} compresses them as a whole (if a codec is set) and
 * returns the finished batch with the header fields a producer writes: baseOffset 0, leader epoch
 * -1, producerId -1, producerEpoch -1, baseSequence -1, CreateTime, not transactional, CRC set.
 * For identical input the bytes equal those of Kafka's {@code MemoryRecordsBuilder} (uncompressed;
 * compressed payloads are the same formats but libraries may pick different matches).
 *
 * <p>Each record is encoded as it is appended into a working buffer that grows by doubling and is
 * kept across {@link #reset()} at its largest size, so a reused builder allocates nothing per record
 * (and a builder that once held a huge batch keeps that memory until dropped). The batch returned
 * by {@code build()} is a fresh buffer owned by the caller: it stays valid after reset.
 *
 * <p>Not thread-safe: one thread (or one Vert.x context) at a time.
 */
public final class RecordBatchBuilder {
    /** Largest records section (uncompressed) a batch may hold: keeps every size a positive int. */
    public static final int MAX_RECORDS_BYTES = Integer.MAX_VALUE - 1024;

    private final CompressionType compression;
    private final ExposedByteArrayOutputStream compressed = new ExposedByteArrayOutputStream();
    private ByteBuffer records;
    private int count;
    private long firstTimestamp = RecordBatch.NO_TIMESTAMP;
    private long maxTimestamp = RecordBatch.NO_TIMESTAMP;

    /**
     * @param compression     the codec for the whole records section
     * @param initialCapacity initial bytes of the working buffer for uncompressed records (it grows)
     */
    public RecordBatchBuilder(CompressionType compression, int initialCapacity) {
        if (compression == null) {
            throw new NullPointerException("compression");
        }
        if (initialCapacity < 0) {
            throw new IllegalArgumentException("initialCapacity must be >= 0, was " + initialCapacity);
        }
        this.compression = compression;
        this.records = ByteBuffer.allocate(initialCapacity);
    }

    public CompressionType compression() {
        return compression;
    }

    /**
     * Appends a record with the next offset delta ({@link #recordCount()} so far).
     *
     * @param timestamp epoch millis, or {@link RecordBatch#NO_TIMESTAMP}; other negatives are refused
     * @param key       may be null
     * @param value     may be null (a tombstone)
     * @param headers   may be null or empty; header keys are written as UTF-8
     * @throws IllegalArgumentException on a bad timestamp or when the batch would pass
     *                                  {@link #MAX_RECORDS_BYTES}
     */
    public void append(long timestamp, byte[] key, byte[] value, List<Header> headers) {
        if (timestamp < 0 && timestamp != RecordBatch.NO_TIMESTAMP) {
            throw new IllegalArgumentException("invalid negative timestamp " + timestamp);
        }
        long timestampDelta = count == 0 ? 0 : timestamp - firstTimestamp;
        int bodySize = bodySize(timestampDelta, count, key, value, headers);
        ensureCapacity(Varint.sizeOfVarint(bodySize) + bodySize);
        ByteBuffer out = records;
        Varint.writeVarint(bodySize, out);
        out.put((byte) 0); // record attributes: unused in v2
        Varint.writeVarlong(timestampDelta, out);
        Varint.writeVarint(count, out);
        writeBytes(key, out);
        writeBytes(value, out);
        int headerCount = headers == null ? 0 : headers.size();
        Varint.writeVarint(headerCount, out);
        for (int i = 0; i < headerCount; i++) {
            Header header = headers.get(i);
            Varint.writeVarint(Utf8.encodedLength(header.key()), out);
            Utf8.write(header.key(), out);
            writeBytes(header.value(), out);
        }
        if (count == 0) {
            firstTimestamp = timestamp;
        }
        if (timestamp > maxTimestamp) {
            maxTimestamp = timestamp;
        }
        count++;
    }

    /**
     * The bytes {@link #append} would add to the batch for this record now (its offset and
     * timestamp deltas depend on what was appended before). Lets a producer decide whether a record
     * still fits before appending it.
     *
     * @throws IllegalArgumentException as {@link #append} would, if the record cannot fit in any batch
     */
    public int recordSizeInBytes(long timestamp, byte[] key, byte[] value, List<Header> headers) {
        long timestampDelta = count == 0 ? 0 : timestamp - firstTimestamp;
        int bodySize = bodySize(timestampDelta, count, key, value, headers);
        return Varint.sizeOfVarint(bodySize) + bodySize;
    }

    public int recordCount() {
        return count;
    }

    /**
     * The size of the batch if built now without compression: the header plus the encoded records.
     * Exact for {@link CompressionType#NONE}; for a codec, the compressed batch is usually much
     * smaller but may exceed this by the codec's few bytes of framing on incompressible data.
     */
    public int estimatedSizeInBytes() {
        return RecordBatch.HEADER_SIZE + records.position();
    }

    /** The first record's timestamp (the batch's base timestamp), or NO_TIMESTAMP if empty. */
    public long firstTimestamp() {
        return firstTimestamp;
    }

    /**
     * The finished batch: position 0, limit = its size, a buffer of its own. The builder is not
     * changed: more records may be appended and the batch built again.
     *
     * @throws IllegalStateException if no record was appended (a batch holds at least one)
     */
    public ByteBuffer build() {
        if (count == 0) {
            throw new IllegalStateException("cannot build a batch without records");
        }
        byte[] body = records.array();
        int bodyLength = records.position();
        if (compression != CompressionType.NONE) {
            compressed.reset();
            try (OutputStream out = compression.wrapForOutput(compressed)) {
                out.write(body, 0, bodyLength);
            } catch (IOException e) {
                throw new UncheckedIOException(compression.configName() + " compression failed", e);
            }
            body = compressed.array();
            bodyLength = compressed.size();
        }
        int size = RecordBatch.HEADER_SIZE + bodyLength;
        ByteBuffer batch = ByteBuffer.allocate(size);
        batch.putLong(0L)                                   // baseOffset: stamped by the broker
                .putInt(size - RecordBatch.LOG_OVERHEAD)    // batchLength
                .putInt(RecordBatch.NO_PARTITION_LEADER_EPOCH)
                .put(RecordBatch.MAGIC)
                .putInt(0)                                  // crc, set below
                .putShort((short) compression.id())        // attributes: codec, CreateTime
                .putInt(count - 1)                          // lastOffsetDelta
                .putLong(firstTimestamp)
                .putLong(maxTimestamp)
                .putLong(RecordBatch.NO_PRODUCER_ID)
                .putShort((short) -1)                       // producerEpoch
                .putInt(-1)                                 // baseSequence
                .putInt(count)
                .put(body, 0, bodyLength);
        long crc = RecordBatch.crc32c(batch, RecordBatch.ATTRIBUTES_OFFSET, size - RecordBatch.ATTRIBUTES_OFFSET);
        batch.putInt(RecordBatch.CRC_OFFSET, (int) crc);
        return batch.flip();
    }

    /** Starts a new, empty batch; the working buffers are kept. */
    public void reset() {
        records.clear();
        count = 0;
        firstTimestamp = RecordBatch.NO_TIMESTAMP;
        maxTimestamp = RecordBatch.NO_TIMESTAMP;
    }

    /** Bytes of a record after its length varint, as Kafka's {@code DefaultRecord.sizeOfBodyInBytes}. */
    private int bodySize(long timestampDelta, int offsetDelta, byte[] key, byte[] value, List<Header> headers) {
        long size = 1 + Varint.sizeOfVarlong(timestampDelta) + Varint.sizeOfVarint(offsetDelta)
                + sizeOfBytes(key) + sizeOfBytes(value);
        int headerCount = headers == null ? 0 : headers.size();
        size += Varint.sizeOfVarint(headerCount);
        for (int i = 0; i < headerCount; i++) {
            Header header = headers.get(i);
            int keyLength = Utf8.encodedLength(header.key());
            size += Varint.sizeOfVarint(keyLength) + keyLength + sizeOfBytes(header.value());
        }
        if (size + records.position() + Varint.MAX_VARINT_BYTES > MAX_RECORDS_BYTES) {
            throw new IllegalArgumentException("record of " + size + " bytes does not fit in a batch already holding "
                    + records.position() + " bytes (limit " + MAX_RECORDS_BYTES + ")");
        }
        return (int) size;
    }

    private static long sizeOfBytes(byte[] bytes) {
        return bytes == null ? 1 : (long) Varint.sizeOfVarint(bytes.length) + bytes.length;
    }

    private static void writeBytes(byte[] bytes, ByteBuffer out) {
        if (bytes == null) {
            Varint.writeVarint(-1, out);
        } else {
            Varint.writeVarint(bytes.length, out);
            out.put(bytes);
        }
    }

    private void ensureCapacity(int extra) {
        int needed = records.position() + extra;
        if (needed <= records.capacity()) {
            return;
        }
        int grown = (int) Math.min(MAX_RECORDS_BYTES, Math.max(needed, 2L * records.capacity()));
        ByteBuffer bigger = ByteBuffer.allocate(grown);
        bigger.put(records.array(), 0, records.position());
        records = bigger;
    }

    /** Gives access to the written bytes without a copy; reused across builds. */
    private static final class ExposedByteArrayOutputStream extends ByteArrayOutputStream {
        byte[] array() {
            return buf;
        }

        @Override
        public void close() {
            // nothing to release; the codec streams call close when they finish
        }
    }
}
