package io.spate.log;

import io.spate.record.RecordBatch;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Builds valid RecordBatch v2 batches for the log tests: the 61-byte header as a producer writes it
 * (base offset 0, leader epoch -1, producer id/epoch/sequence -1, CRC32C set), uncompressed or gzip
 * records with Kafka's varint framing, and reads records back for assertions.
 */
final class TestBatches {
    /** One record as the tests see it. */
    record TestRecord(long offset, long timestamp, String key, String value) {
    }

    private TestBatches() {
    }

    /** One batch with a record per timestamp; record i has key "k" + i and value {@code valuePrefix + i}. */
    static ByteBuffer batch(String valuePrefix, long... timestamps) {
        return build(false, valuePrefix, timestamps);
    }

    /** One batch of {@code count} records, all at {@code timestamp}, values padded to {@code valueSize} bytes. */
    static ByteBuffer batchOfSize(int count, long timestamp, int valueSize) {
        long[] ts = new long[count];
        java.util.Arrays.fill(ts, timestamp);
        return build(false, "x".repeat(Math.max(0, valueSize - 4)), ts);
    }

    /** Like {@link #batch} but with the records gzip-compressed (compression id 1). */
    static ByteBuffer gzipBatch(String valuePrefix, long... timestamps) {
        return build(true, valuePrefix, timestamps);
    }

    /** The batches back to back in one buffer (position 0). */
    static ByteBuffer concat(ByteBuffer... batches) {
        int size = 0;
        for (ByteBuffer b : batches) {
            size += b.remaining();
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        for (ByteBuffer b : batches) {
            out.put(b.duplicate());
        }
        return out.flip();
    }

    private static ByteBuffer build(boolean gzip, String valuePrefix, long... timestamps) {
        ByteArrayOutputStream records = new ByteArrayOutputStream();
        long base = timestamps[0];
        long max = RecordBatch.NO_TIMESTAMP;
        for (int i = 0; i < timestamps.length; i++) {
            writeRecord(records, timestamps[i] - base, i, ("k" + i).getBytes(StandardCharsets.UTF_8),
                    (valuePrefix + i).getBytes(StandardCharsets.UTF_8));
            max = Math.max(max, timestamps[i]);
        }
        byte[] body = gzip ? gzip(records.toByteArray()) : records.toByteArray();
        ByteBuffer buf = ByteBuffer.allocate(RecordBatch.HEADER_SIZE + body.length);
        buf.putLong(0L)
                .putInt(buf.capacity() - RecordBatch.LOG_OVERHEAD)
                .putInt(RecordBatch.NO_PARTITION_LEADER_EPOCH)
                .put(RecordBatch.MAGIC)
                .putInt(0)
                .putShort((short) (gzip ? 1 : 0))
                .putInt(timestamps.length - 1)
                .putLong(base)
                .putLong(max)
                .putLong(RecordBatch.NO_PRODUCER_ID)
                .putShort((short) -1)
                .putInt(-1)
                .putInt(timestamps.length)
                .put(body);
        buf.flip();
        buf.putInt(RecordBatch.CRC_OFFSET, (int) new RecordBatch(buf, 0).computeChecksum());
        return buf;
    }

    private static void writeRecord(ByteArrayOutputStream out, long timestampDelta, int offsetDelta, byte[] key,
                                    byte[] value) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(0); // attributes
        writeVarlong(body, timestampDelta);
        writeVarlong(body, offsetDelta);
        writeVarlong(body, key.length);
        body.writeBytes(key);
        writeVarlong(body, value.length);
        body.writeBytes(value);
        writeVarlong(body, 0); // no headers
        writeVarlong(out, body.size());
        out.writeBytes(body.toByteArray());
    }

    /** Zig-zag varlong (a varint is the same encoding for values in int range). */
    static void writeVarlong(ByteArrayOutputStream out, long value) {
        long v = (value << 1) ^ (value >> 63);
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    /** Every record of every batch in {@code buf} (position..limit), with absolute offsets and timestamps. */
    static List<TestRecord> records(ByteBuffer buf) {
        List<TestRecord> out = new ArrayList<>();
        for (int pos = buf.position(); pos < buf.limit(); ) {
            RecordBatch b = new RecordBatch(buf, pos);
            ByteBuffer body = buf.duplicate();
            body.limit(pos + b.sizeInBytes()).position(pos + RecordBatch.RECORDS_OFFSET);
            if (b.compressionId() == 1) {
                byte[] compressed = new byte[body.remaining()];
                body.get(compressed);
                body = ByteBuffer.wrap(gunzip(compressed));
            }
            for (int i = 0; i < b.recordCount(); i++) {
                int length = io.spate.record.Varint.readVarint(body);
                int start = body.position();
                body.get();
                long ts = b.isLogAppendTime() ? b.maxTimestamp() : b.baseTimestamp() + io.spate.record.Varint.readVarlong(body);
                if (b.isLogAppendTime()) {
                    io.spate.record.Varint.readVarlong(body);
                }
                long offset = b.baseOffset() + io.spate.record.Varint.readVarint(body);
                String key = readString(body);
                String value = readString(body);
                out.add(new TestRecord(offset, ts, key, value));
                body.position(start + length);
            }
            pos += b.sizeInBytes();
        }
        return out;
    }

    /** The values of {@link #records}, in order. */
    static List<String> values(ByteBuffer buf) {
        return records(buf).stream().map(TestRecord::value).toList();
    }

    private static String readString(ByteBuffer buf) {
        int len = io.spate.record.Varint.readVarint(buf);
        if (len < 0) {
            return null;
        }
        byte[] bytes = new byte[len];
        buf.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] gunzip(byte[] data) {
        try (GZIPInputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(data))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
