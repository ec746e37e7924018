package io.spate.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.spate.record.CompressionType;
import io.spate.record.Header;
import io.spate.record.Record;
import io.spate.record.RecordBatch;
import io.spate.record.RecordBatchBuilder;
import io.spate.record.Varint;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The record batches tests build, for every layer: well-formed batches of values, of given sizes,
 * with timestamps, keys, headers and compression, random ones, hand-made and malformed ones; and
 * their records read back for assertions.
 *
 * <p>Well-formed batches come from the production {@link RecordBatchBuilder}, whose bytes
 * {@code KafkaCompatibilityTest} checks against Kafka's own builder: what a producer sends (base
 * offset 0, leader epoch -1, no producer id, CreateTime, CRC set, record i at offset delta i).
 * {@link #raw} and {@link #record} write a batch or a record field by field instead, for the
 * format's tests of what it must refuse.
 *
 * <p>The log and the record format take {@link ByteBuffer}s (position 0, limit = the size); the
 * wire carries Netty {@link ByteBuf}s, so {@link #of} and {@link #sized} wrap the same bytes in one,
 * whose {@code nioBuffer()} is the ByteBuffer form again, without a copy.
 *
 * <p>This class uses nothing of Spate but {@code io.spate.record} (checked by TestBatchesTest): the
 * record format is the bottom layer, and its tests must not need the log or the broker.
 */
public final class TestBatches {
    /** The CreateTime of the deterministic batches: 2023-11-14T22:13:20Z. */
    public static final long BASE_TIME = 1_700_000_000_000L;

    private TestBatches() {
    }

    // --- Well-formed batches, as the log and the record format take them ---

    /** A batch of {@code records} in order; their offsets are not read (record i gets offset delta i). */
    public static ByteBuffer batch(CompressionType compression, List<Record> records) {
        RecordBatchBuilder builder = new RecordBatchBuilder(compression, 256);
        for (Record r : records) {
            builder.append(r.timestamp(), r.key(), r.value(), r.headers());
        }
        return builder.build();
    }

    /** An uncompressed batch, one record per timestamp: record i has key "k" + i and value {@code valuePrefix + i}. */
    public static ByteBuffer batch(String valuePrefix, long... timestamps) {
        return batch(CompressionType.NONE, valuePrefix, timestamps);
    }

    /** As {@link #batch(String, long...)}, the records compressed with {@code compression}. */
    public static ByteBuffer batch(CompressionType compression, String valuePrefix, long... timestamps) {
        List<Record> records = new ArrayList<>(timestamps.length);
        for (int i = 0; i < timestamps.length; i++) {
            records.add(new Record(i, timestamps[i], utf8("k" + i), utf8(valuePrefix + i), List.of()));
        }
        return batch(compression, records);
    }

    /** A batch of {@code count} small records: key "k" + i, value "value " + i, timestamp BASE_TIME + i. */
    public static ByteBuffer batch(CompressionType compression, int count) {
        long[] timestamps = new long[count];
        Arrays.setAll(timestamps, i -> BASE_TIME + i);
        return batch(compression, "value ", timestamps);
    }

    /**
     * An idempotent producer's batch: {@code values.length} records (key "k" + i, timestamp BASE_TIME + i)
     * whose header carries {@code producerId}, {@code producerEpoch} and {@code baseSequence}, CRC set.
     * (The production builder writes producerId -1; the header fields are set here and the CRC
     * recomputed, as a producer's builder does when it closes a batch.)
     */
    public static ByteBuffer idempotent(long producerId, short producerEpoch, int baseSequence, String... values) {
        List<Record> records = new ArrayList<>(values.length);
        for (int i = 0; i < values.length; i++) {
            records.add(new Record(i, BASE_TIME + i, utf8("k" + i), utf8(values[i]), List.of()));
        }
        return withProducer(batch(CompressionType.NONE, records), producerId, producerEpoch, baseSequence);
    }

    /**
     * A transactional producer's batch: as {@link #idempotent} with the transactional attribute set, built
     * by {@link RecordBatchBuilder} as a producer inside a transaction builds it.
     */
    public static ByteBuffer transactional(long producerId, short producerEpoch, int baseSequence, String... values) {
        io.spate.record.RecordBatchBuilder b = new io.spate.record.RecordBatchBuilder(CompressionType.NONE, 256);
        for (int i = 0; i < values.length; i++) {
            b.append(BASE_TIME + i, utf8("k" + i), utf8(values[i]), List.of());
        }
        b.setProducerState(producerId, producerEpoch, baseSequence);
        b.setTransactional(true);
        return b.build();
    }

    /** {@code batch} (one batch, position 0) with the producer fields set and the CRC recomputed, in place. */
    public static ByteBuffer withProducer(ByteBuffer batch, long producerId, short producerEpoch, int baseSequence) {
        batch.putLong(RecordBatch.PRODUCER_ID_OFFSET, producerId)
                .putShort(RecordBatch.PRODUCER_EPOCH_OFFSET, producerEpoch)
                .putInt(RecordBatch.BASE_SEQUENCE_OFFSET, baseSequence);
        batch.putInt(RecordBatch.CRC_OFFSET, (int) new RecordBatch(batch, 0).computeChecksum());
        return batch;
    }

    /** A batch of {@link #randomRecords}: the same bytes for the same seed. */
    public static ByteBuffer random(Random random, CompressionType compression, int count) {
        return batch(compression, randomRecords(random, count));
    }

    /**
     * {@code count} records with random keys (some null), values (some null or empty) and headers;
     * offsets 0..count-1, timestamps within ten seconds after BASE_TIME.
     */
    public static List<Record> randomRecords(Random random, int count) {
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

    // --- Well-formed batches, as the wire carries them ---

    /** An uncompressed batch of {@code values} with null keys, stamped now, as a producer sends it. */
    public static ByteBuf of(String... values) {
        return of(CompressionType.NONE, System.currentTimeMillis(), values);
    }

    /** A batch of {@code values} with null keys, all stamped {@code timestamp}. */
    public static ByteBuf of(CompressionType compression, long timestamp, String... values) {
        List<Record> records = new ArrayList<>(values.length);
        for (String value : values) {
            records.add(new Record(records.size(), timestamp, null, utf8(value), List.of()));
        }
        return Unpooled.wrappedBuffer(batch(compression, records));
    }

    /** An uncompressed batch of {@code count} records with null keys and values of {@code size} zero bytes, stamped now. */
    public static ByteBuf sized(int count, int size) {
        long now = System.currentTimeMillis();
        List<Record> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            records.add(new Record(i, now, null, new byte[size], List.of()));
        }
        return Unpooled.wrappedBuffer(batch(CompressionType.NONE, records));
    }

    // --- Reading back ---

    /**
     * Every record of the batches between {@code buf}'s position and limit, with absolute offsets and
     * timestamps (decoded by {@link RecordBatch#records()}, compressed or not).
     *
     * @throws io.spate.record.CorruptRecordException at a batch cut short or not in the format
     */
    public static List<TestRecord> records(ByteBuffer buf) {
        List<TestRecord> out = new ArrayList<>();
        for (int pos = buf.position(); pos < buf.limit(); ) {
            RecordBatch batch = new RecordBatch(buf, pos);
            out.addAll(batch.records((offset, timestamp, key, value, headers) ->
                    new TestRecord(offset, timestamp, utf8(key), utf8(value))));
            pos += batch.sizeInBytes();
        }
        return out;
    }

    /** The values of {@link #records}, in order. */
    public static List<String> values(ByteBuffer buf) {
        return records(buf).stream().map(TestRecord::value).toList();
    }

    // --- Hand-made batches and records, for the format's tests ---

    /**
     * A batch written field by field: the header fields as given (base offset 0, no producer id),
     * {@code section} as its records section (raw, or already compressed when {@code attributes}
     * names a codec), and a valid CRC.
     */
    public static ByteBuffer raw(short attributes, int lastOffsetDelta, long baseTimestamp, long maxTimestamp,
                                 int recordCount, byte[] section) {
        int size = RecordBatch.HEADER_SIZE + section.length;
        ByteBuffer buf = ByteBuffer.allocate(size);
        buf.putLong(0L).putInt(size - RecordBatch.LOG_OVERHEAD).putInt(RecordBatch.NO_PARTITION_LEADER_EPOCH)
                .put(RecordBatch.MAGIC).putInt(0).putShort(attributes).putInt(lastOffsetDelta)
                .putLong(baseTimestamp).putLong(maxTimestamp).putLong(RecordBatch.NO_PRODUCER_ID)
                .putShort((short) -1).putInt(-1).putInt(recordCount).put(section).flip();
        return buf.putInt(RecordBatch.CRC_OFFSET, (int) new RecordBatch(buf, 0).computeChecksum());
    }

    /** The records section (uncompressed) of {@link #batch(CompressionType, List)} for {@code records}. */
    public static byte[] section(List<Record> records) {
        ByteBuffer batch = batch(CompressionType.NONE, records);
        byte[] section = new byte[batch.remaining() - RecordBatch.HEADER_SIZE];
        batch.get(RecordBatch.HEADER_SIZE, section);
        return section;
    }

    /**
     * One encoded record, field by field as given: a {@code declaredLength} of -1 writes the true
     * length; {@code trailing} follows the header count (for malformed-record tests).
     */
    public static byte[] record(int declaredLength, long timestampDelta, int offsetDelta, byte[] key, byte[] value,
                                int headerCount, byte[] trailing) {
        ByteBuffer body = ByteBuffer.allocate(1024);
        body.put((byte) 0);
        Varint.writeVarlong(timestampDelta, body);
        Varint.writeVarint(offsetDelta, body);
        writeBytes(key, body);
        writeBytes(value, body);
        Varint.writeVarint(headerCount, body);
        body.put(trailing).flip();
        ByteBuffer out = ByteBuffer.allocate(Varint.MAX_VARINT_BYTES + body.remaining());
        Varint.writeVarint(declaredLength >= 0 ? declaredLength : body.remaining(), out);
        out.put(body).flip();
        byte[] bytes = new byte[out.remaining()];
        out.get(bytes);
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

    // --- Bytes and buffers ---

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The bytes as UTF-8 text; null stays null. */
    public static String utf8(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    public static byte[] bytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    public static byte[] join(byte[]... parts) {
        ByteBuffer out = ByteBuffer.allocate(Arrays.stream(parts).mapToInt(p -> p.length).sum());
        for (byte[] part : parts) {
            out.put(part);
        }
        return out.array();
    }

    /** The buffers (position..limit each) back to back in one new buffer: position 0, limit = the total. */
    public static ByteBuffer concat(ByteBuffer... parts) {
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

    /** A copy of the bytes between position and limit, to damage or to compare with later. */
    public static ByteBuffer copy(ByteBuffer buf) {
        return concat(buf);
    }
}
