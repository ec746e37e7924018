package io.spate.record;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Rebuilds a stored batch with only some of its records, as log compaction does (Kafka's
 * {@code MemoryRecords.filterTo} for magic 2). The records keep their offsets, so offset deltas may
 * skip values; the new batch keeps from the original:
 * <ul>
 * <li>baseOffset and lastOffsetDelta (the batch still spans the same offsets, as Kafka's
 *     {@code overrideLastOffset} keeps them), partitionLeaderEpoch;</li>
 * <li>attributes (codec, timestamp type, transactional and control bits), producerId, producerEpoch,
 *     baseSequence;</li>
 * <li>baseTimestamp. For CreateTime each record is written with {@code timestamp - baseTimestamp}, so
 *     every record keeps its exact timestamp, and maxTimestamp becomes the largest retained one
 *     (Kafka rebases on the first retained record instead: the decoded timestamps are the same). For
 *     LogAppendTime maxTimestamp is kept and records are written with delta 0 (readers take the
 *     batch's maxTimestamp for every record).</li>
 * </ul>
 * recordCount is the number retained, the records section is compressed with the original codec, and
 * the CRC is recomputed.
 *
 * <p>Stateless; any thread.
 */
public final class RetainedBatchBuilder {
    private RetainedBatchBuilder() {
    }

    /**
     * @param original a complete, intact v2 batch
     * @param retained a non-empty subset of its records, in offset order, as decoded from it
     * @return the rebuilt batch, position 0, a buffer of its own
     * @throws IllegalArgumentException if {@code retained} is empty, out of order, or holds an offset
     *         outside the original batch
     */
    public static ByteBuffer build(RecordBatch original, List<Record> retained) {
        if (retained.isEmpty()) {
            throw new IllegalArgumentException("a batch holds at least one record; drop the batch instead");
        }
        long base = original.baseOffset();
        boolean logAppendTime = original.isLogAppendTime();
        long baseTimestamp = original.baseTimestamp();
        long maxTimestamp = logAppendTime ? original.maxTimestamp() : RecordBatch.NO_TIMESTAMP;
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        long previous = base - 1;
        for (Record r : retained) {
            if (r.offset() <= previous || r.offset() > original.lastOffset()) {
                throw new IllegalArgumentException("record offset " + r.offset() + " is out of order or outside "
                        + base + ".." + original.lastOffset());
            }
            previous = r.offset();
            long timestampDelta = logAppendTime ? 0 : r.timestamp() - baseTimestamp;
            if (!logAppendTime) {
                maxTimestamp = Math.max(maxTimestamp, r.timestamp());
            }
            writeRecord(raw, timestampDelta, (int) (r.offset() - base), r);
        }
        byte[] body = raw.toByteArray();
        CompressionType codec = original.compressionType();
        if (codec != CompressionType.NONE) {
            ByteArrayOutputStream compressed = new ByteArrayOutputStream(body.length / 2 + 64);
            try (OutputStream out = codec.wrapForOutput(compressed)) {
                out.write(body);
            } catch (IOException e) {
                throw new UncheckedIOException(codec.configName() + " compression failed", e);
            }
            body = compressed.toByteArray();
        }
        int size = RecordBatch.HEADER_SIZE + body.length;
        ByteBuffer batch = ByteBuffer.allocate(size);
        batch.putLong(base)
                .putInt(size - RecordBatch.LOG_OVERHEAD)
                .putInt(original.partitionLeaderEpoch())
                .put(RecordBatch.MAGIC)
                .putInt(0)                                  // crc, set below
                .putShort(original.attributes())
                .putInt(original.lastOffsetDelta())
                .putLong(baseTimestamp)
                .putLong(maxTimestamp)
                .putLong(original.producerId())
                .putShort(original.producerEpoch())
                .putInt(original.baseSequence())
                .putInt(retained.size())
                .put(body);
        long crc = RecordBatch.crc32c(batch, RecordBatch.ATTRIBUTES_OFFSET, size - RecordBatch.ATTRIBUTES_OFFSET);
        batch.putInt(RecordBatch.CRC_OFFSET, (int) crc);
        return batch.flip();
    }

    /**
     * The header of {@code original} with no records (recordCount 0, no records section), as Kafka's
     * cleaner leaves a producer's last batch: same baseOffset and lastOffsetDelta, leader epoch,
     * timestamps, producerId, producerEpoch and baseSequence; the attributes without the codec (there
     * is nothing to decompress); CRC recomputed.
     *
     * @param original a complete, intact v2 batch
     * @return the empty batch, position 0, a buffer of its own
     */
    public static ByteBuffer buildEmpty(RecordBatch original) {
        ByteBuffer batch = ByteBuffer.allocate(RecordBatch.HEADER_SIZE);
        batch.putLong(original.baseOffset())
                .putInt(RecordBatch.HEADER_SIZE - RecordBatch.LOG_OVERHEAD)
                .putInt(original.partitionLeaderEpoch())
                .put(RecordBatch.MAGIC)
                .putInt(0)                                  // crc, set below
                .putShort((short) (original.attributes() & ~RecordBatch.COMPRESSION_CODEC_MASK))
                .putInt(original.lastOffsetDelta())
                .putLong(original.baseTimestamp())
                .putLong(original.maxTimestamp())
                .putLong(original.producerId())
                .putShort(original.producerEpoch())
                .putInt(original.baseSequence())
                .putInt(0);
        long crc = RecordBatch.crc32c(batch, RecordBatch.ATTRIBUTES_OFFSET, RecordBatch.HEADER_SIZE - RecordBatch.ATTRIBUTES_OFFSET);
        batch.putInt(RecordBatch.CRC_OFFSET, (int) crc);
        return batch.flip();
    }

    /** One record in the v2 varint layout (Kafka's {@code DefaultRecord.writeTo}). */
    private static void writeRecord(ByteArrayOutputStream out, long timestampDelta, int offsetDelta, Record r) {
        ByteArrayOutputStream body = new ByteArrayOutputStream(64);
        body.write(0); // record attributes: unused in v2
        writeVarlong(body, timestampDelta);
        writeVarlong(body, offsetDelta);
        writeBytes(body, r.key());
        writeBytes(body, r.value());
        writeVarlong(body, r.headers().size());
        for (Header h : r.headers()) {
            byte[] key = h.key().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            writeBytes(body, key);
            writeBytes(body, h.value());
        }
        writeVarlong(out, body.size());
        out.writeBytes(body.toByteArray());
    }

    private static void writeBytes(ByteArrayOutputStream out, byte[] bytes) {
        if (bytes == null) {
            writeVarlong(out, -1);
        } else {
            writeVarlong(out, bytes.length);
            out.write(bytes, 0, bytes.length);
        }
    }

    /** Zig-zag varint; for values that fit an int32 the bytes equal the varint encoding. */
    private static void writeVarlong(ByteArrayOutputStream out, long value) {
        long v = (value << 1) ^ (value >> 63);
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }
}
