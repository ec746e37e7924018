package io.spate.record;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.zip.CRC32C;

/**
 * A read-only view of one record batch in Kafka's RecordBatch v2 layout (magic 2), byte for byte:
 *
 * <pre>
 * offset size field
 *      0    8 baseOffset              stamped by the broker on append
 *      8    4 batchLength             bytes after this field (the whole batch is batchLength + 12)
 *     12    4 partitionLeaderEpoch    stamped by the broker on append
 *     16    1 magic                   always 2
 *     17    4 crc                     CRC32C (unsigned) of the bytes from attributes to the end
 *     21    2 attributes              bits 0-2 compression, 3 timestamp type (1 = LogAppendTime),
 *                                     4 transactional, 5 control, 6 delete horizon set
 *     23    4 lastOffsetDelta
 *     27    8 baseTimestamp
 *     35    8 maxTimestamp
 *     43    8 producerId
 *     51    2 producerEpoch
 *     53    4 baseSequence
 *     57    4 recordCount
 *     61      records (varint encoded, possibly compressed as a whole)
 * </pre>
 *
 * <p>The view reads the buffer at absolute positions starting at {@link #position()}; it never
 * changes the buffer's position or limit. Because baseOffset and partitionLeaderEpoch lie before the
 * CRC'd range, the broker can stamp them in place without recomputing the CRC.
 *
 * <p>Fields are read in the buffer's byte order, which must be big-endian (the default).
 * A view is as thread-safe as its buffer's contents: it holds no state of its own.
 */
public final class RecordBatch {
    public static final int BASE_OFFSET_OFFSET = 0;
    public static final int LENGTH_OFFSET = 8;
    public static final int PARTITION_LEADER_EPOCH_OFFSET = 12;
    public static final int MAGIC_OFFSET = 16;
    public static final int CRC_OFFSET = 17;
    public static final int ATTRIBUTES_OFFSET = 21;
    public static final int LAST_OFFSET_DELTA_OFFSET = 23;
    public static final int BASE_TIMESTAMP_OFFSET = 27;
    public static final int MAX_TIMESTAMP_OFFSET = 35;
    public static final int PRODUCER_ID_OFFSET = 43;
    public static final int PRODUCER_EPOCH_OFFSET = 51;
    public static final int BASE_SEQUENCE_OFFSET = 53;
    public static final int RECORDS_COUNT_OFFSET = 57;
    public static final int RECORDS_OFFSET = 61;

    /** Bytes of the fixed header; also the smallest possible batch (zero records). */
    public static final int HEADER_SIZE = RECORDS_OFFSET;
    /** Bytes needed to see a batch's length and magic. */
    public static final int HEADER_SIZE_UP_TO_MAGIC = MAGIC_OFFSET + 1;
    /** baseOffset + batchLength: the part not counted by batchLength. */
    public static final int LOG_OVERHEAD = 12;
    public static final byte MAGIC = 2;

    public static final int COMPRESSION_CODEC_MASK = 0x07;
    public static final int TIMESTAMP_TYPE_MASK = 0x08;
    public static final int TRANSACTIONAL_FLAG_MASK = 0x10;
    public static final int CONTROL_FLAG_MASK = 0x20;
    public static final int DELETE_HORIZON_FLAG_MASK = 0x40;

    public static final long NO_TIMESTAMP = -1L;
    public static final long NO_PRODUCER_ID = -1L;
    public static final short NO_PRODUCER_EPOCH = -1;
    public static final int NO_SEQUENCE = -1;
    public static final int NO_PARTITION_LEADER_EPOCH = -1;
    /**
     * The bound {@link #records()} puts on a compressed batch's decompressed records section, and the
     * most any batch a producer sends may decompress to ({@link BatchValidator#maxDecompressedBytes}).
     */
    public static final int DEFAULT_MAX_DECOMPRESSED_BYTES = 256 << 20;

    private final ByteBuffer buffer;
    private final int position;

    /** A view of the batch that starts at absolute {@code position} of {@code buffer}. */
    public RecordBatch(ByteBuffer buffer, int position) {
        this.buffer = buffer;
        this.position = position;
    }

    /** The buffer this view reads (shared, never moved). */
    ByteBuffer buffer() {
        return buffer;
    }

    public int position() {
        return position;
    }

    public long baseOffset() {
        return buffer.getLong(position + BASE_OFFSET_OFFSET);
    }

    /** The value of the batchLength field: the batch's size minus {@link #LOG_OVERHEAD}. */
    public int batchLength() {
        return buffer.getInt(position + LENGTH_OFFSET);
    }

    /** The whole batch's size in bytes. */
    public int sizeInBytes() {
        return batchLength() + LOG_OVERHEAD;
    }

    public int partitionLeaderEpoch() {
        return buffer.getInt(position + PARTITION_LEADER_EPOCH_OFFSET);
    }

    public byte magic() {
        return buffer.get(position + MAGIC_OFFSET);
    }

    public long checksum() {
        return Integer.toUnsignedLong(buffer.getInt(position + CRC_OFFSET));
    }

    public short attributes() {
        return buffer.getShort(position + ATTRIBUTES_OFFSET);
    }

    /** Compression codec id: 0 none, 1 gzip, 2 snappy, 3 lz4, 4 zstd. */
    public int compressionId() {
        return attributes() & COMPRESSION_CODEC_MASK;
    }

    /** The batch's codec; CorruptRecordException if bits 0-2 hold an unknown id. */
    public CompressionType compressionType() {
        int id = compressionId();
        if (id > CompressionType.ZSTD.id()) {
            throw new CorruptRecordException("batch at " + position + " has unknown compression codec id " + id);
        }
        return CompressionType.forId(id);
    }

    public boolean isLogAppendTime() {
        return (attributes() & TIMESTAMP_TYPE_MASK) != 0;
    }

    public boolean isTransactional() {
        return (attributes() & TRANSACTIONAL_FLAG_MASK) != 0;
    }

    public boolean isControl() {
        return (attributes() & CONTROL_FLAG_MASK) != 0;
    }

    public int lastOffsetDelta() {
        return buffer.getInt(position + LAST_OFFSET_DELTA_OFFSET);
    }

    public long lastOffset() {
        return baseOffset() + lastOffsetDelta();
    }

    /** The offset after this batch's last record. */
    public long nextOffset() {
        return lastOffset() + 1;
    }

    public long baseTimestamp() {
        return buffer.getLong(position + BASE_TIMESTAMP_OFFSET);
    }

    public long maxTimestamp() {
        return buffer.getLong(position + MAX_TIMESTAMP_OFFSET);
    }

    public long producerId() {
        return buffer.getLong(position + PRODUCER_ID_OFFSET);
    }

    public short producerEpoch() {
        return buffer.getShort(position + PRODUCER_EPOCH_OFFSET);
    }

    public int baseSequence() {
        return buffer.getInt(position + BASE_SEQUENCE_OFFSET);
    }

    public int recordCount() {
        return buffer.getInt(position + RECORDS_COUNT_OFFSET);
    }

    /** CRC32C of the bytes from attributes to the end of the batch, as stored in the crc field. */
    public long computeChecksum() {
        return crc32c(buffer, position + ATTRIBUTES_OFFSET, sizeInBytes() - ATTRIBUTES_OFFSET);
    }

    public boolean isChecksumValid() {
        return computeChecksum() == checksum();
    }

    /** CRC32C of {@code length} bytes from absolute {@code offset}, without moving the buffer. */
    public static long crc32c(ByteBuffer buffer, int offset, int length) {
        CRC32C crc = new CRC32C();
        ByteBuffer slice = buffer.duplicate();
        slice.limit(offset + length).position(offset);
        crc.update(slice);
        return crc.getValue();
    }

    /**
     * Decodes all records of the batch (decompressing if needed), bounding the decompressed records
     * section by {@link #DEFAULT_MAX_DECOMPRESSED_BYTES}. Does not check the CRC: call
     * {@link #isChecksumValid()} first for untrusted bytes.
     *
     * @throws CorruptRecordException if the batch or its records do not follow the format
     */
    public List<Record> records() {
        return records(DEFAULT_MAX_DECOMPRESSED_BYTES);
    }

    /**
     * As {@link #records()}, with an explicit bound on the decompressed records section.
     *
     * @throws CorruptRecordException also when decompression would pass {@code maxDecompressedBytes}
     */
    public List<Record> records(int maxDecompressedBytes) {
        return records(maxDecompressedBytes, Record::new);
    }

    /**
     * As {@link #records()}, each record turned into the caller's type by {@code mapper} as it is
     * decoded (no intermediate {@link Record}).
     */
    public <T> List<T> records(RecordMapper<T> mapper) {
        return records(DEFAULT_MAX_DECOMPRESSED_BYTES, mapper);
    }

    private <T> List<T> records(int maxDecompressedBytes, RecordMapper<T> mapper) {
        if (magic() != MAGIC) {
            throw new CorruptRecordException("batch at " + position + " has magic " + magic() + ", expected " + MAGIC);
        }
        int length = batchLength();
        if (length < HEADER_SIZE - LOG_OVERHEAD || (long) length + LOG_OVERHEAD > buffer.limit() - position) {
            throw new CorruptRecordException("batch at " + position + " has batchLength " + length + " but "
                    + (buffer.limit() - position) + " bytes are available");
        }
        CompressionType type = compressionType();
        ByteBuffer section = buffer.duplicate();
        section.limit(position + length + LOG_OVERHEAD).position(position + RECORDS_OFFSET);
        if (type != CompressionType.NONE) {
            try {
                section = Decompression.decompressAll(type, section, maxDecompressedBytes);
            } catch (IOException e) {
                throw new CorruptRecordException("batch at " + position + ": " + e.getMessage(), e);
            }
        }
        return RecordDecoder.decode(section, recordCount(), baseOffset(), baseTimestamp(), isLogAppendTime(),
                maxTimestamp(), position, mapper);
    }

    /**
     * The complete batches between the buffer's position and limit (at the time of this call), in
     * order, as views sharing the buffer. Iteration stops silently before a trailing partial batch,
     * as a fetch response may end with one. It throws {@link CorruptRecordException} at a batch whose
     * length is below the minimum or whose magic is not 2, since nothing after it can be framed.
     * The buffer's position and limit are never changed.
     */
    public static Iterable<RecordBatch> batches(ByteBuffer buf) {
        int start = buf.position();
        int end = buf.limit();
        return () -> new Iterator<>() {
            private int next = start;

            @Override
            public boolean hasNext() {
                int remaining = end - next;
                if (remaining < HEADER_SIZE_UP_TO_MAGIC) {
                    return false;
                }
                int length = buf.getInt(next + LENGTH_OFFSET);
                if (length < HEADER_SIZE - LOG_OVERHEAD) {
                    throw new CorruptRecordException("batch at " + next + " has batchLength " + length
                            + ", below the minimum " + (HEADER_SIZE - LOG_OVERHEAD));
                }
                if ((long) length + LOG_OVERHEAD > remaining) {
                    return false;
                }
                byte magic = buf.get(next + MAGIC_OFFSET);
                if (magic != MAGIC) {
                    throw new CorruptRecordException("batch at " + next + " has magic " + magic + ", expected " + MAGIC);
                }
                return true;
            }

            @Override
            public RecordBatch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                RecordBatch batch = new RecordBatch(buf, next);
                next += batch.sizeInBytes();
                return batch;
            }
        };
    }

    @Override
    public String toString() {
        if (buffer.limit() - position < HEADER_SIZE) {
            return "RecordBatch[position=" + position + ", truncated header]";
        }
        return "RecordBatch[position=" + position + ", baseOffset=" + baseOffset() + ", size=" + sizeInBytes()
                + ", records=" + recordCount() + ", codec=" + compressionId() + "]";
    }
}
