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
 * -1, producerId -1, producerEpoch -1, baseSequence -1 (unless {@link #setProducerState} gave others), CreateTime, not
 * transactional and not control (unless {@link #setTransactional} / {@link #setControl} said so), CRC set.
 * For identical input the bytes equal those of Kafka's {@code MemoryRecordsBuilder} (uncompressed;
 * compressed payloads are the same formats but libraries may pick different matches).
 *
 * <p>Each record is encoded as it is appended into a working buffer that starts with room for the
 * batch header, grows by doubling and is kept across {@link #reset()} at its largest size, so a
 * reused builder allocates nothing per record (and a builder that once held a huge batch keeps that
 * memory until dropped). The batch returned by {@link #build()} is a fresh buffer owned by the
 * caller: it stays valid after reset. {@link #buildInPlace()} writes the header into the working
 * buffer instead and returns a view of it (no copy when uncompressed), valid until the builder
 * changes: the producer's path, where a batch is built once and its builder reused only after the
 * batch is done.
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
    private long producerId = RecordBatch.NO_PRODUCER_ID;
    private short producerEpoch = RecordBatch.NO_PRODUCER_EPOCH;
    private int baseSequence = RecordBatch.NO_SEQUENCE;
    /** {@link RecordBatch#TRANSACTIONAL_FLAG_MASK} and/or {@link RecordBatch#CONTROL_FLAG_MASK}, or 0. */
    private int flags;

    /**
     * @param compression     the codec for the whole records section
     * @param initialCapacity initial bytes of the working buffer, batch header included (it grows;
     *                        at least the header is allocated)
     */
    public RecordBatchBuilder(CompressionType compression, int initialCapacity) {
        if (compression == null) {
            throw new NullPointerException("compression");
        }
        if (initialCapacity < 0) {
            throw new IllegalArgumentException("initialCapacity must be >= 0, was " + initialCapacity);
        }
        this.compression = compression;
        this.records = ByteBuffer.allocate(Math.max(initialCapacity, RecordBatch.HEADER_SIZE));
        this.records.position(RecordBatch.HEADER_SIZE);
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
        return records.position();
    }

    /** Bytes held by the working buffer (what a pool of reused builders keeps). */
    public int capacity() {
        return records.capacity();
    }

    /** The first record's timestamp (the batch's base timestamp), or NO_TIMESTAMP if empty. */
    public long firstTimestamp() {
        return firstTimestamp;
    }

    /**
     * The idempotent producer's fields that the next builds write in the header (Kafka's
     * {@code MemoryRecordsBuilder.setProducerState}); {@link #reset()} sets them back to none (-1).
     */
    public void setProducerState(long producerId, short producerEpoch, int baseSequence) {
        this.producerId = producerId;
        this.producerEpoch = producerEpoch;
        this.baseSequence = baseSequence;
    }

    /**
     * Whether the next builds set the TRANSACTIONAL attribute: a transactional producer's batches;
     * kept across {@link #reset()} (a pooled builder serves one producer).
     */
    public void setTransactional(boolean transactional) {
        flags = transactional ? flags | RecordBatch.TRANSACTIONAL_FLAG_MASK : flags & ~RecordBatch.TRANSACTIONAL_FLAG_MASK;
    }

    /**
     * Whether the next builds set the CONTROL attribute: a transaction marker (with the TRANSACTIONAL
     * one, base sequence -1, one record); kept across {@link #reset()}.
     */
    public void setControl(boolean control) {
        flags = control ? flags | RecordBatch.CONTROL_FLAG_MASK : flags & ~RecordBatch.CONTROL_FLAG_MASK;
    }

    /**
     * Rewrites the producer id, epoch and base sequence in the header of a built batch that starts at
     * {@code batch.position()}, and its CRC (which covers them): how an idempotent producer gives new
     * sequence numbers to a batch it built before (after an epoch bump). One pass of CRC32C over the
     * batch; the rest of the bytes are not touched.
     */
    public static void writeProducerState(ByteBuffer batch, long producerId, short producerEpoch, int baseSequence) {
        int at = batch.position();
        int size = RecordBatch.LOG_OVERHEAD + batch.getInt(at + RecordBatch.LENGTH_OFFSET);
        batch.putLong(at + RecordBatch.PRODUCER_ID_OFFSET, producerId)
                .putShort(at + RecordBatch.PRODUCER_EPOCH_OFFSET, producerEpoch)
                .putInt(at + RecordBatch.BASE_SEQUENCE_OFFSET, baseSequence);
        long crc = RecordBatch.crc32c(batch, at + RecordBatch.ATTRIBUTES_OFFSET, size - RecordBatch.ATTRIBUTES_OFFSET);
        batch.putInt(at + RecordBatch.CRC_OFFSET, (int) crc);
    }

    /**
     * The finished batch: position 0, limit = its size, a buffer of its own. The builder is not
     * changed: more records may be appended and the batch built again.
     *
     * @throws IllegalStateException if no record was appended (a batch holds at least one)
     */
    public ByteBuffer build() {
        ByteBuffer view = buildInPlace();
        return ByteBuffer.allocate(view.remaining()).put(view).flip();
    }

    /**
     * The finished batch as a view of the builder's own memory when uncompressed (the header is
     * written in front of the records, nothing is copied), or a fresh buffer when compressed:
     * position 0, limit = its size. The view is valid until the next {@link #append} or
     * {@link #reset()}; more records may be appended and the batch built again.
     *
     * @throws IllegalStateException if no record was appended (a batch holds at least one)
     */
    public ByteBuffer buildInPlace() {
        if (count == 0) {
            throw new IllegalStateException("cannot build a batch without records");
        }
        int recordsLength = records.position() - RecordBatch.HEADER_SIZE;
        ByteBuffer batch;
        if (compression == CompressionType.NONE) {
            batch = ByteBuffer.wrap(records.array(), 0, records.position()).slice();
        } else {
            compressed.reset();
            try (OutputStream out = compression.wrapForOutput(compressed)) {
                out.write(records.array(), RecordBatch.HEADER_SIZE, recordsLength);
            } catch (IOException e) {
                throw new UncheckedIOException(compression.configName() + " compression failed", e);
            }
            batch = ByteBuffer.allocate(RecordBatch.HEADER_SIZE + compressed.size());
            batch.put(RecordBatch.HEADER_SIZE, compressed.array(), 0, compressed.size());
        }
        int size = batch.limit();
        batch.putLong(0, 0L)                                              // baseOffset: stamped by the broker
                .putInt(RecordBatch.LENGTH_OFFSET, size - RecordBatch.LOG_OVERHEAD)
                .putInt(RecordBatch.PARTITION_LEADER_EPOCH_OFFSET, RecordBatch.NO_PARTITION_LEADER_EPOCH)
                .put(RecordBatch.MAGIC_OFFSET, RecordBatch.MAGIC)
                .putInt(RecordBatch.CRC_OFFSET, 0)                        // set below
                .putShort(RecordBatch.ATTRIBUTES_OFFSET, (short) (compression.id() | flags)) // codec, CreateTime, txn
                .putInt(RecordBatch.LAST_OFFSET_DELTA_OFFSET, count - 1)
                .putLong(RecordBatch.BASE_TIMESTAMP_OFFSET, firstTimestamp)
                .putLong(RecordBatch.MAX_TIMESTAMP_OFFSET, maxTimestamp)
                .putLong(RecordBatch.PRODUCER_ID_OFFSET, producerId)
                .putShort(RecordBatch.PRODUCER_EPOCH_OFFSET, producerEpoch)
                .putInt(RecordBatch.BASE_SEQUENCE_OFFSET, baseSequence)
                .putInt(RecordBatch.RECORDS_COUNT_OFFSET, count);
        long crc = RecordBatch.crc32c(batch, RecordBatch.ATTRIBUTES_OFFSET, size - RecordBatch.ATTRIBUTES_OFFSET);
        batch.putInt(RecordBatch.CRC_OFFSET, (int) crc);
        return batch.position(0);
    }

    /** Starts a new, empty batch; the working buffers are kept. */
    public void reset() {
        records.clear().position(RecordBatch.HEADER_SIZE);
        count = 0;
        firstTimestamp = RecordBatch.NO_TIMESTAMP;
        maxTimestamp = RecordBatch.NO_TIMESTAMP;
        producerId = RecordBatch.NO_PRODUCER_ID;
        producerEpoch = RecordBatch.NO_PRODUCER_EPOCH;
        baseSequence = RecordBatch.NO_SEQUENCE;
        // flags are kept: a pooled builder serves one producer, transactional or not
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
