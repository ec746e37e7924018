package io.spate.record;

import io.spate.record.InvalidBatchException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * Broker-side validation of a produce payload: one or more v2 batches back to back, exactly filling
 * the bytes between the buffer's position and limit. For each batch, in this order:
 *
 * <ol>
 * <li>at least {@link RecordBatch#LOG_OVERHEAD} bytes remain (else trailing partial bytes), batchLength
 *     is at least 49 and the batch ends within the payload: CORRUPT;</li>
 * <li>magic is 2: CORRUPT;</li>
 * <li>the whole batch is at most {@code maxBatchBytes}: TOO_LARGE;</li>
 * <li>the CRC32C over attributes..end matches, and the codec id is known: CORRUPT;</li>
 * <li>the control bit (attributes bit 5) is clear: INVALID_RECORD, as Kafka's LogValidator answers a
 *     client's control batch (commit and abort markers are the broker's to write). A transactional
 *     batch (bit 4) passes: whether its producer may write it is the partition's producer state's
 *     question (see io.spate.log.ProducerStateManager), but it must carry a producer id: INVALID_RECORD;</li>
 * <li>recordCount is at least 1 and lastOffsetDelta is recordCount - 1: INVALID_RECORD;</li>
 * <li>the records, decompressed if needed, are walked one by one (see {@link RecordWalker}):
 *     malformed record structure or compressed data is CORRUPT, a decompressed section larger than
 *     {@link #maxDecompressedBytes(int)} ({@link #MAX_DECOMPRESSION_RATIO} x maxBatchBytes, at most
 *     {@link RecordBatch#DEFAULT_MAX_DECOMPRESSED_BYTES}) is TOO_LARGE (a decompression bomb), a number
 *     of records other than recordCount or an offset delta out of sequence is INVALID_RECORD;</li>
 * <li>for a CreateTime batch, maxTimestamp equals the largest record timestamp: CORRUPT. (Kafka
 *     rewrites a wrong maxTimestamp in place; Spate stores batches as they come, so it refuses one
 *     that would mislead its time index and retention.)</li>
 * </ol>
 *
 * <p>This validates what producers send: their batches have contiguous offset deltas from 0. It is
 * not meant for batches copied from a compacted log, whose deltas have gaps, nor for a follower's
 * copy of its leader's log, which may carry control and transactional batches.
 *
 * <p>Uncompressed batches are walked in place, by absolute index, without allocating per record.
 * The buffer's contents, position and limit are never changed. Stateless and thread-safe.
 */
public final class BatchValidator {
    /** The decompressed records of a batch may be at most this many times {@code maxBatchBytes}. */
    public static final int MAX_DECOMPRESSION_RATIO = 64;

    /**
     * The most a batch of at most {@code maxBatchBytes} may decompress to: {@link #MAX_DECOMPRESSION_RATIO}
     * times that, but never more than {@link RecordBatch#DEFAULT_MAX_DECOMPRESSED_BYTES}, the bound
     * every reader of stored batches decodes within (a topic whose max.message.bytes was raised to
     * 100 MB would otherwise store batches of 6 GB of records that its compaction, a ListOffsets by
     * time and every consumer would have to inflate).
     */
    public static long maxDecompressedBytes(int maxBatchBytes) {
        return Math.min((long) maxBatchBytes * MAX_DECOMPRESSION_RATIO, RecordBatch.DEFAULT_MAX_DECOMPRESSED_BYTES);
    }

    private static final int MIN_BATCH_LENGTH = RecordBatch.HEADER_SIZE - RecordBatch.LOG_OVERHEAD;

    private BatchValidator() {
    }

    /**
     * Validates every batch of {@code payload}.
     *
     * @param maxBatchBytes the largest allowed batch, header included (a topic's max.message.bytes)
     * @return counts and the largest timestamp of the payload
     * @throws InvalidBatchException on the first failure, naming the reason and the batch's position
     */
    public static ValidationResult validate(ByteBuffer payload, int maxBatchBytes) {
        if (maxBatchBytes <= 0) {
            throw new IllegalArgumentException("maxBatchBytes must be positive, was " + maxBatchBytes);
        }
        int pos = payload.position();
        int end = payload.limit();
        if (pos == end) {
            throw new InvalidBatchException(Reason.CORRUPT, pos, "the payload holds no batch");
        }
        BufferRecordWalker bufferWalker = new BufferRecordWalker(payload);
        int batches = 0;
        int records = 0;
        long maxTimestamp = RecordBatch.NO_TIMESTAMP;
        long offsetOfMaxTimestamp = -1;
        while (pos < end) {
            RecordBatch batch = checkHeader(payload, pos, end, maxBatchBytes);
            RecordWalker walker = walkRecords(payload, batch, bufferWalker, maxBatchBytes);
            if (walker.maxTimestamp() > maxTimestamp) {
                maxTimestamp = walker.maxTimestamp();
                offsetOfMaxTimestamp = (long) records + walker.indexOfMaxTimestamp();
            }
            records += batch.recordCount();
            batches++;
            pos += batch.sizeInBytes();
        }
        return new ValidationResult(batches, records, maxTimestamp, offsetOfMaxTimestamp);
    }

    /** Checks 1-6: framing, magic, size, CRC, codec, control bit, counts. */
    private static RecordBatch checkHeader(ByteBuffer payload, int pos, int end, int maxBatchBytes) {
        int remaining = end - pos;
        if (remaining < RecordBatch.LOG_OVERHEAD) {
            throw new InvalidBatchException(Reason.CORRUPT, pos,
                    remaining + " trailing bytes are too few for a batch header");
        }
        int length = payload.getInt(pos + RecordBatch.LENGTH_OFFSET);
        if (length < MIN_BATCH_LENGTH) {
            throw new InvalidBatchException(Reason.CORRUPT, pos,
                    "batchLength " + length + " is below the minimum " + MIN_BATCH_LENGTH);
        }
        if ((long) length + RecordBatch.LOG_OVERHEAD > remaining) {
            throw new InvalidBatchException(Reason.CORRUPT, pos, "batchLength " + length
                    + " runs past the end of the payload (" + remaining + " bytes from the batch start)");
        }
        RecordBatch batch = new RecordBatch(payload, pos);
        if (batch.magic() != RecordBatch.MAGIC) {
            throw new InvalidBatchException(Reason.CORRUPT, pos, "magic " + batch.magic() + ", expected "
                    + RecordBatch.MAGIC);
        }
        int size = batch.sizeInBytes();
        if (size > maxBatchBytes) {
            throw new InvalidBatchException(Reason.TOO_LARGE, pos, "batch of " + size
                    + " bytes exceeds the limit of " + maxBatchBytes);
        }
        long computed = batch.computeChecksum();
        if (computed != batch.checksum()) {
            throw new InvalidBatchException(Reason.CORRUPT, pos, "CRC mismatch: stored " + batch.checksum()
                    + ", computed " + computed);
        }
        if (batch.compressionId() > CompressionType.ZSTD.id()) {
            throw new InvalidBatchException(Reason.CORRUPT, pos, "unknown compression codec id "
                    + batch.compressionId());
        }
        if (batch.isControl()) {
            throw new InvalidBatchException(Reason.INVALID_RECORD, pos,
                    "the control bit is set: clients may not write control batches");
        }
        if (batch.isTransactional() && batch.producerId() < 0) {
            throw new InvalidBatchException(Reason.INVALID_RECORD, pos,
                    "the transactional bit is set on a batch without a producer id");
        }
        int count = batch.recordCount();
        if (count < 1) {
            throw new InvalidBatchException(Reason.INVALID_RECORD, pos, "recordCount " + count
                    + ": a batch holds at least one record");
        }
        if (batch.lastOffsetDelta() != count - 1) {
            throw new InvalidBatchException(Reason.INVALID_RECORD, pos, "lastOffsetDelta "
                    + batch.lastOffsetDelta() + " does not match recordCount " + count);
        }
        return batch;
    }

    /** Checks 7-8; returns the walker holding the batch's largest timestamp. */
    private static RecordWalker walkRecords(ByteBuffer payload, RecordBatch batch,
                                            BufferRecordWalker bufferWalker, int maxBatchBytes) {
        int pos = batch.position();
        int recordsStart = pos + RecordBatch.RECORDS_OFFSET;
        int batchEnd = pos + batch.sizeInBytes();
        CompressionType type = CompressionType.forId(batch.compressionId());
        RecordWalker walker = bufferWalker.region(recordsStart, batchEnd);
        InputStream in = null;
        int walked;
        try {
            if (type != CompressionType.NONE) {
                ByteBuffer section = payload.duplicate();
                section.limit(batchEnd).position(recordsStart);
                in = type.wrapForInput(section);
                walker = new StreamRecordWalker(in, maxDecompressedBytes(maxBatchBytes),
                        type.configName());
            }
            walked = walker.walk(batch.recordCount(), batch.baseTimestamp(), batch.isLogAppendTime(),
                    batch.maxTimestamp(), pos);
        } catch (DecompressionLimitException e) {
            throw new InvalidBatchException(Reason.TOO_LARGE, pos, e.getMessage(), e);
        } catch (IOException e) {
            throw new InvalidBatchException(Reason.CORRUPT, pos, "records are not valid "
                    + type.configName() + " data: " + e.getMessage(), e);
        } finally {
            closeQuietly(in);
        }
        if (walked != batch.recordCount()) {
            throw new InvalidBatchException(Reason.INVALID_RECORD, pos, "recordCount is " + batch.recordCount()
                    + " but the batch holds " + walked + " records");
        }
        if (!batch.isLogAppendTime() && walker.maxTimestamp() != batch.maxTimestamp()) {
            throw new InvalidBatchException(Reason.CORRUPT, pos, "maxTimestamp " + batch.maxTimestamp()
                    + " differs from the records' largest timestamp " + walker.maxTimestamp());
        }
        return walker;
    }

    private static void closeQuietly(InputStream in) {
        if (in == null) {
            return;
        }
        try {
            in.close();
        } catch (IOException e) {
            // the verdict is already made; closing only frees the codec's buffers
        }
    }
}
