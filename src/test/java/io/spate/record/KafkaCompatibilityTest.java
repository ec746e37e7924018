package io.spate.record;

import static io.spate.testing.TestBatches.BASE_TIME;
import static io.spate.testing.TestBatches.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.testing.TestBatches;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.compress.Lz4BlockOutputStream;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Batches cross between Spate's record code and Kafka's own (kafka-clients 4.1.1) in both directions. */
class KafkaCompatibilityTest {
    private static final int MAX_BATCH_BYTES = 1 << 20;

    private static List<Record> sample(int count) {
        List<Record> records = new ArrayList<>(TestBatches.randomRecords(new Random(count), count));
        // the awkward cases, always present: multi-byte header keys, nulls, empties, no timestamp. (Not a
        // lone surrogate: Kafka's Utils.utf8Length counts it as 4 bytes where getBytes writes 1, so Kafka
        // writes a record its own reader refuses; Spate writes '?' consistently, see RecordBatchBuilderTest.)
        records.set(0, new Record(0, BASE_TIME, null, null, List.of(new Header("ünï€😀", utf8("v")),
                new Header("nothing", null), new Header("", new byte[0]))));
        if (count > 1) {
            records.set(1, new Record(1, RecordBatch.NO_TIMESTAMP, new byte[0], new byte[0], List.of()));
        }
        return records;
    }

    private static ByteBuffer kafkaBatch(CompressionType compression, List<Record> records) {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(256),
                Compression.of(org.apache.kafka.common.record.CompressionType.forId(compression.id())).build(),
                TimestampType.CREATE_TIME, 0L);
        for (Record r : records) {
            builder.append(r.timestamp(), r.key(), r.value(), kafkaHeaders(r.headers()));
        }
        return builder.build().buffer();
    }

    private static org.apache.kafka.common.header.Header[] kafkaHeaders(List<Header> headers) {
        return headers.stream().map(h -> new RecordHeader(h.key(), h.value()))
                .toArray(org.apache.kafka.common.header.Header[]::new);
    }

    private static byte[] bytes(ByteBuffer buf) {
        if (buf == null) {
            return null;
        }
        byte[] bytes = new byte[buf.remaining()];
        buf.duplicate().get(bytes);
        return bytes;
    }

    /** Kafka's view of a buffer of batches, as our Record values; checks every batch's CRC first. */
    private static List<Record> readWithKafka(ByteBuffer buf) {
        List<Record> out = new ArrayList<>();
        for (org.apache.kafka.common.record.RecordBatch batch : MemoryRecords.readableRecords(buf.duplicate()).batches()) {
            batch.ensureValid();
            for (org.apache.kafka.common.record.Record r : batch) {
                List<Header> headers = new ArrayList<>();
                for (org.apache.kafka.common.header.Header h : r.headers()) {
                    headers.add(new Header(h.key(), h.value()));
                }
                out.add(new Record(r.offset(), r.timestamp(), bytes(r.key()), bytes(r.value()), headers));
            }
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void kafkaBuiltBatchIsReadAndAccepted(CompressionType compression) {
        List<Record> records = sample(500);
        ByteBuffer batch = kafkaBatch(compression, records);
        RecordBatch view = new RecordBatch(batch, batch.position());
        assertTrue(view.isChecksumValid());
        assertEquals(compression, view.compressionType());
        assertEquals(records, view.records());
        ValidationResult result = BatchValidator.validate(batch, MAX_BATCH_BYTES);
        assertEquals(1, result.batchCount());
        assertEquals(500, result.recordCount());
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void ourBatchIsReadByKafka(CompressionType compression) {
        List<Record> records = sample(500);
        ByteBuffer batch = TestBatches.batch(compression, records);
        assertEquals(records, readWithKafka(batch));
        org.apache.kafka.common.record.RecordBatch kafkaView = MemoryRecords.readableRecords(batch.duplicate())
                .batches().iterator().next();
        assertEquals(compression.id(), kafkaView.compressionType().id);
        assertEquals(TimestampType.CREATE_TIME, kafkaView.timestampType());
        assertEquals(499, kafkaView.lastOffset());
        assertEquals(new RecordBatch(batch, 0).maxTimestamp(), kafkaView.maxTimestamp());
    }

    @Test
    void uncompressedBatchIsByteIdenticalToKafkas() {
        for (int count : new int[] {1, 2, 17, 1000}) {
            List<Record> records = sample(count);
            assertEquals(kafkaBatch(CompressionType.NONE, records), TestBatches.batch(CompressionType.NONE, records),
                    count + " records");
        }
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void everyCodecWritesTheSameBytesAsKafka(CompressionType compression) {
        // same stream formats, libraries, levels, block sizes and flushes as Kafka's producer
        for (int count : new int[] {1, 40, 3000}) {
            List<Record> records = sample(count);
            assertEquals(kafkaBatch(compression, records), TestBatches.batch(compression, records),
                    compression + ", " + count + " records");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 1000, 65_535, 65_536, 65_537, 300_000})
    void lz4FrameIsByteIdenticalToKafkasLz4BlockOutputStream(int size) throws IOException {
        Random random = new Random(size);
        byte[] data = new byte[size];
        for (int i = 0; i < size; i++) {
            // half compressible text-like bytes, half noise, so both block kinds occur
            data[i] = (byte) ((i / 4096) % 2 == 0 ? 'a' + random.nextInt(4) : random.nextInt());
        }
        ByteArrayOutputStream kafka = new ByteArrayOutputStream();
        try (OutputStream out = new Lz4BlockOutputStream(kafka, Lz4BlockOutputStream.BLOCKSIZE_64KB,
                org.apache.kafka.common.record.CompressionType.LZ4.defaultLevel(), false, false)) {
            out.write(data);
        }
        ByteArrayOutputStream ours = new ByteArrayOutputStream();
        try (OutputStream out = CompressionType.LZ4.wrapForOutput(ours)) {
            out.write(data);
        }
        assertArrayEquals(kafka.toByteArray(), ours.toByteArray());
    }

    @Test
    void kafkaLogAppendTimeAndIdempotentBatchesAreReadAndAcceptedInOnePayload() {
        long appendTime = BASE_TIME + 12_345;
        MemoryRecordsBuilder logAppend = MemoryRecords.builder(ByteBuffer.allocate(256),
                org.apache.kafka.common.record.RecordBatch.CURRENT_MAGIC_VALUE, Compression.lz4().build(),
                TimestampType.LOG_APPEND_TIME, 0L, appendTime);
        logAppend.append(BASE_TIME, utf8("a"), utf8("1"));
        logAppend.append(BASE_TIME + 1, utf8("b"), utf8("2"));
        MemoryRecordsBuilder idempotent = MemoryRecords.idempotentBuilder(ByteBuffer.allocate(256),
                Compression.zstd().build(), 0L, 77L, (short) 3, 10);
        idempotent.append(BASE_TIME + 2, null, utf8("3"));
        ByteBuffer payload = TestBatches.concat(logAppend.build().buffer(), idempotent.build().buffer());

        List<RecordBatch> batches = new ArrayList<>();
        RecordBatch.batches(payload).forEach(batches::add);
        assertEquals(2, batches.size());
        assertTrue(batches.get(0).isLogAppendTime());
        assertEquals(List.of(appendTime, appendTime),
                batches.get(0).records().stream().map(Record::timestamp).toList());
        assertEquals(77L, batches.get(1).producerId());
        assertEquals(3, batches.get(1).producerEpoch());
        assertEquals(10, batches.get(1).baseSequence());
        assertEquals(List.of(new Record(0, BASE_TIME + 2, null, utf8("3"), List.of())), batches.get(1).records());

        assertEquals(new ValidationResult(2, 3, appendTime, 0), BatchValidator.validate(payload, MAX_BATCH_BYTES));
    }
}
