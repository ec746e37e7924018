package io.spate.record;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Shared test data: random batches, raw hand-made batches, and small buffer helpers. */
final class RecordBatches {
    static final long BASE_TIME = 1_700_000_000_000L;

    private RecordBatches() {
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code count} records with random keys (some null), values (some null or empty) and headers. */
    static List<Record> randomRecords(Random random, int count) {
        List<Record> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] key = random.nextInt(5) == 0 ? null : utf8("key-" + random.nextInt(1000));
            byte[] value = switch (random.nextInt(10)) {
                case 0 -> null;
                case 1 -> new byte[0];
                default -> bytes(random, random.nextInt(300));
            };
            List<Header> headers = new ArrayList<>();
            for (int h = random.nextInt(3); h > 0; h--) {
                headers.add(new Header("h" + h, random.nextBoolean() ? null : bytes(random, random.nextInt(20))));
            }
            records.add(new Record(i, BASE_TIME + random.nextInt(10_000), key, value, List.copyOf(headers)));
        }
        return records;
    }

    static byte[] bytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    /** A batch holding {@code records} (their offsets must be 0..n-1), built by our builder. */
    static ByteBuffer build(CompressionType compression, List<Record> records) {
        RecordBatchBuilder builder = new RecordBatchBuilder(compression, 256);
        for (Record r : records) {
            builder.append(r.timestamp(), r.key(), r.value(), r.headers());
        }
        return builder.build();
    }

    /** A batch of {@code count} small records with timestamps BASE_TIME + i. */
    static ByteBuffer simple(CompressionType compression, int count) {
        RecordBatchBuilder builder = new RecordBatchBuilder(compression, 256);
        for (int i = 0; i < count; i++) {
            builder.append(BASE_TIME + i, utf8("k" + i), utf8("value " + i), List.of());
        }
        return builder.build();
    }

    /** The buffers back to back in one new buffer (position 0, limit = total). */
    static ByteBuffer concat(ByteBuffer... parts) {
        int size = 0;
        for (ByteBuffer part : parts) {
            size += part.remaining();
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        for (ByteBuffer part : parts) {
            out.put(part.duplicate());
        }
        return out.flip();
    }

    /** A copy of the bytes between position and limit. */
    static ByteBuffer copy(ByteBuffer buf) {
        return concat(buf);
    }

    /** Recomputes the CRC of the batch at {@code position}, after a test changed its header or records. */
    static ByteBuffer restampCrc(ByteBuffer buf, int position) {
        RecordBatch batch = new RecordBatch(buf, position);
        buf.putInt(position + RecordBatch.CRC_OFFSET, (int) batch.computeChecksum());
        return buf;
    }

    /**
     * A hand-made batch: header fields as given, {@code section} as its records section (raw, or
     * already compressed when {@code attributes} names a codec), a valid CRC.
     */
    static ByteBuffer raw(short attributes, int lastOffsetDelta, long baseTimestamp, long maxTimestamp,
                          int recordCount, byte[] section) {
        int size = RecordBatch.HEADER_SIZE + section.length;
        ByteBuffer buf = ByteBuffer.allocate(size);
        buf.putLong(0L).putInt(size - RecordBatch.LOG_OVERHEAD).putInt(-1).put(RecordBatch.MAGIC).putInt(0)
                .putShort(attributes).putInt(lastOffsetDelta).putLong(baseTimestamp).putLong(maxTimestamp)
                .putLong(-1L).putShort((short) -1).putInt(-1).putInt(recordCount).put(section);
        return restampCrc(buf.flip(), 0);
    }

    /** The records section (uncompressed) of a batch our builder makes from {@code records}. */
    static byte[] section(List<Record> records) {
        ByteBuffer batch = build(CompressionType.NONE, records);
        byte[] section = new byte[batch.remaining() - RecordBatch.HEADER_SIZE];
        batch.get(RecordBatch.HEADER_SIZE, section);
        return section;
    }

    /** One encoded record, field by field as given (for malformed-record tests). */
    static byte[] record(int declaredLength, long timestampDelta, int offsetDelta, byte[] key, byte[] value,
                         int headerCount, byte[] trailing) {
        ByteBuffer body = ByteBuffer.allocate(1024);
        body.put((byte) 0);
        Varint.writeVarlong(timestampDelta, body);
        Varint.writeVarint(offsetDelta, body);
        writeBytes(key, body);
        writeBytes(value, body);
        Varint.writeVarint(headerCount, body);
        body.put(trailing);
        body.flip();
        int length = declaredLength >= 0 ? declaredLength : body.remaining();
        ByteBuffer out = ByteBuffer.allocate(body.remaining() + 5);
        Varint.writeVarint(length, out);
        out.put(body);
        byte[] bytes = new byte[out.position()];
        out.flip().get(bytes);
        return bytes;
    }

    private static void writeBytes(byte[] bytes, ByteBuffer out) {
        if (bytes == null) {
            Varint.writeVarint(-1, out);
        } else {
            Varint.writeVarint(bytes.length, out);
            out.put(bytes);
        }
    }

    static byte[] join(byte[]... parts) {
        ByteBuffer out = ByteBuffer.allocate(java.util.Arrays.stream(parts).mapToInt(p -> p.length).sum());
        for (byte[] part : parts) {
            out.put(part);
        }
        return out.array();
    }
}
