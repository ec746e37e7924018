package io.spate.record;

import static io.spate.testing.TestBatches.BASE_TIME;
import static io.spate.testing.TestBatches.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.record.InvalidBatchException.Reason;
import io.spate.testing.DecompressionBombs;
import io.spate.testing.TestBatches;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BatchValidatorTest {
    private static final int MAX = 1 << 20;
    private static final short GZIP_ATTRIBUTES = (short) CompressionType.GZIP.id();

    private static InvalidBatchException rejected(ByteBuffer payload, int maxBatchBytes, Reason reason) {
        InvalidBatchException e = assertThrows(InvalidBatchException.class,
                () -> BatchValidator.validate(payload, maxBatchBytes));
        assertEquals(reason, e.reason(), e.getMessage());
        return e;
    }

    private static InvalidBatchException rejected(ByteBuffer payload, Reason reason) {
        return rejected(payload, MAX, reason);
    }

    /** A one-batch payload whose uncompressed records section is the given raw records. */
    private static ByteBuffer withRecords(int count, byte[]... records) {
        return TestBatches.raw((short) 0, count - 1, BASE_TIME, BASE_TIME, count, TestBatches.join(records));
    }

    private static byte[] goodRecord(int offsetDelta) {
        return TestBatches.record(-1, 0, offsetDelta, utf8("k"), utf8("v"), 0, new byte[0]);
    }

    @Test
    void validMultiBatchPayloadPassesWithCountsAndTheLargestTimestamp() {
        RecordBatchBuilder first = new RecordBatchBuilder(CompressionType.NONE, 64);
        first.append(BASE_TIME + 5, null, utf8("a"), List.of());
        first.append(BASE_TIME + 1, null, utf8("b"), List.of());
        RecordBatchBuilder second = new RecordBatchBuilder(CompressionType.LZ4, 64);
        second.append(BASE_TIME + 2, null, utf8("c"), List.of());
        second.append(BASE_TIME + 9, null, utf8("d"), List.of(new Header("h", null)));
        second.append(BASE_TIME + 9, null, utf8("e"), List.of());
        ByteBuffer third = TestBatches.batch(CompressionType.ZSTD, 4); // timestamps BASE_TIME + 0..3
        ByteBuffer payload = TestBatches.concat(first.build(), second.build(), third);
        ByteBuffer before = TestBatches.copy(payload);

        ValidationResult result = BatchValidator.validate(payload, MAX);

        assertEquals(new ValidationResult(3, 9, BASE_TIME + 9, 3), result);
        assertEquals(before, payload); // contents, position and limit untouched
    }

    @Test
    void payloadInsideALargerBufferIsValidatedBetweenPositionAndLimit() {
        ByteBuffer batch = TestBatches.batch(CompressionType.NONE, 3);
        ByteBuffer frame = ByteBuffer.allocate(batch.remaining() + 20);
        frame.position(10);
        frame.put(batch.duplicate());
        frame.position(10).limit(10 + batch.remaining());
        assertEquals(3, BatchValidator.validate(frame, MAX).recordCount());
        assertEquals(10, frame.position());
        InvalidBatchException e = rejected(frame.limit(frame.limit() + 1), Reason.CORRUPT);
        assertEquals(10 + batch.remaining(), e.batchPosition());
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void everyCodecsBatchesPass(CompressionType compression) {
        List<Record> records = TestBatches.randomRecords(new Random(11), 300);
        ValidationResult result = BatchValidator.validate(TestBatches.batch(compression, records), MAX);
        assertEquals(300, result.recordCount());
        long max = records.stream().mapToLong(Record::timestamp).max().orElseThrow();
        assertEquals(max, result.maxTimestamp());
        assertEquals(records.stream().filter(r -> r.timestamp() == max).findFirst().orElseThrow().offset(),
                result.offsetOfMaxTimestampDelta());
    }

    @Test
    void controlBatchIsInvalidRecordAndTransactionalBatchNeedsAProducerId() {
        byte[] section = goodRecord(0);
        assertTrue(rejected(TestBatches.raw((short) RecordBatch.CONTROL_FLAG_MASK, 0, BASE_TIME, BASE_TIME, 1, section),
                Reason.INVALID_RECORD).getMessage().contains("control"));
        assertTrue(rejected(TestBatches.raw((short) RecordBatch.TRANSACTIONAL_FLAG_MASK, 0, BASE_TIME, BASE_TIME, 1, section),
                Reason.INVALID_RECORD).getMessage().contains("producer id"));
        // a transactional producer's batch passes: whether it may be written is the producer state's question
        assertEquals(2, BatchValidator.validate(TestBatches.transactional(7, (short) 0, 0, "a", "b"), MAX).recordCount());
        rejected(TestBatches.raw((short) (RecordBatch.CONTROL_FLAG_MASK | RecordBatch.TRANSACTIONAL_FLAG_MASK), 0, BASE_TIME,
                BASE_TIME, 1, section), Reason.INVALID_RECORD);
    }

    @Test
    void badCrcIsCorrupt() {
        ByteBuffer batch = TestBatches.batch(CompressionType.NONE, 3);
        batch.put(batch.limit() - 1, (byte) (batch.get(batch.limit() - 1) ^ 1));
        assertTrue(rejected(batch, Reason.CORRUPT).getMessage().contains("CRC"));
    }

    @Test
    void badMagicIsCorrupt() {
        ByteBuffer batch = TestBatches.batch(CompressionType.NONE, 3);
        batch.put(RecordBatch.MAGIC_OFFSET, (byte) 1); // outside the CRC'd range
        assertTrue(rejected(batch, Reason.CORRUPT).getMessage().contains("magic"));
    }

    @Test
    void lengthPastTheEndIsCorrupt() {
        ByteBuffer batch = TestBatches.batch(CompressionType.NONE, 3);
        rejected(batch.limit(batch.limit() - 1), Reason.CORRUPT);
        ByteBuffer huge = TestBatches.batch(CompressionType.NONE, 3);
        huge.putInt(RecordBatch.LENGTH_OFFSET, Integer.MAX_VALUE);
        rejected(huge, Reason.CORRUPT);
    }

    @Test
    void lengthBelowTheHeaderIsCorrupt() {
        ByteBuffer batch = TestBatches.batch(CompressionType.NONE, 3);
        batch.putInt(RecordBatch.LENGTH_OFFSET, 48);
        rejected(batch, Reason.CORRUPT);
        batch.putInt(RecordBatch.LENGTH_OFFSET, -1);
        rejected(batch, Reason.CORRUPT);
    }

    @Test
    void trailingPartialBytesAreCorrupt() {
        ByteBuffer batch = TestBatches.batch(CompressionType.NONE, 3);
        InvalidBatchException e = rejected(TestBatches.concat(batch, ByteBuffer.allocate(5)), Reason.CORRUPT);
        assertEquals(batch.remaining(), e.batchPosition());
        // the start of a second batch, cut short
        ByteBuffer cut = TestBatches.batch(CompressionType.NONE, 2).limit(30);
        assertEquals(batch.remaining(), rejected(TestBatches.concat(batch, cut), Reason.CORRUPT).batchPosition());
    }

    @Test
    void emptyPayloadIsCorrupt() {
        rejected(ByteBuffer.allocate(0), Reason.CORRUPT);
    }

    @Test
    void countLargerThanTheRecordsIsInvalidRecord() {
        ByteBuffer batch = withRecords(3, goodRecord(0), goodRecord(1));
        assertTrue(rejected(batch, Reason.INVALID_RECORD).getMessage().contains("holds 2"));
    }

    @Test
    void countSmallerThanTheRecordsIsInvalidRecord() {
        ByteBuffer batch = withRecords(2, goodRecord(0), goodRecord(1), goodRecord(2));
        rejected(batch, Reason.INVALID_RECORD);
    }

    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void countMismatchInsideCompressedRecordsIsInvalidRecord(CompressionType type) throws IOException {
        byte[] section = CompressionTypeTest.compress(type, TestBatches.join(goodRecord(0), goodRecord(1)));
        rejected(TestBatches.raw((short) type.id(), 2, BASE_TIME, BASE_TIME, 3, section), Reason.INVALID_RECORD);
        rejected(TestBatches.raw((short) type.id(), 0, BASE_TIME, BASE_TIME, 1, section), Reason.INVALID_RECORD);
    }

    @Test
    void absurdRecordCountsAreInvalidRecordWithoutAllocating() {
        for (int count : new int[] {0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
            ByteBuffer batch = TestBatches.raw((short) 0, count - 1, BASE_TIME, BASE_TIME, count, goodRecord(0));
            rejected(batch, Reason.INVALID_RECORD);
        }
    }

    @Test
    void lastOffsetDeltaMismatchIsInvalidRecord() {
        ByteBuffer batch = TestBatches.raw((short) 0, 5, BASE_TIME, BASE_TIME, 2,
                TestBatches.join(goodRecord(0), goodRecord(1)));
        assertTrue(rejected(batch, Reason.INVALID_RECORD).getMessage().contains("lastOffsetDelta"));
    }

    @Test
    void offsetDeltasOutOfSequenceAreInvalidRecord() {
        rejected(withRecords(2, goodRecord(0), goodRecord(5)), Reason.INVALID_RECORD);
    }

    @Test
    void batchLargerThanTheLimitIsTooLarge() {
        ByteBuffer batch = TestBatches.batch(CompressionType.NONE, 10);
        int size = batch.remaining();
        assertEquals(10, BatchValidator.validate(batch, size).recordCount());
        InvalidBatchException e = rejected(batch, size - 1, Reason.TOO_LARGE);
        assertTrue(e.getMessage().contains(String.valueOf(size)), e.getMessage());
    }

    @Test
    void garbageBytesAreRefusedWithAnInvalidBatchException() {
        Random random = new Random(1234);
        for (int i = 0; i < 2_000; i++) {
            ByteBuffer garbage = ByteBuffer.wrap(TestBatches.bytes(random, random.nextInt(300)));
            assertThrows(InvalidBatchException.class, () -> BatchValidator.validate(garbage, MAX), "garbage #" + i);
        }
        rejected(ByteBuffer.wrap(TestBatches.bytes(new Random(1), 200)), Reason.CORRUPT);
    }

    @Test
    void garbageInsideAValidHeaderAndCrcIsCorrupt() {
        Random random = new Random(4321);
        for (int i = 0; i < 2_000; i++) {
            ByteBuffer batch = TestBatches.raw((short) 0, 0, BASE_TIME, BASE_TIME, 1,
                    TestBatches.bytes(random, 1 + random.nextInt(100)));
            InvalidBatchException e = assertThrows(InvalidBatchException.class,
                    () -> BatchValidator.validate(batch, MAX));
            assertTrue(e.reason() != Reason.TOO_LARGE, e.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void compressedPayloadThatIsNotValidCompressedDataIsCorrupt(CompressionType type) {
        ByteBuffer batch = TestBatches.raw((short) type.id(), 0, BASE_TIME, BASE_TIME, 1,
                TestBatches.bytes(new Random(type.id()), 500));
        assertTrue(rejected(batch, Reason.CORRUPT).getMessage().contains(type.configName()));
    }

    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void truncatedCompressedPayloadIsCorrupt(CompressionType type) throws IOException {
        byte[] section = CompressionTypeTest.compress(type, TestBatches.section(
                TestBatches.randomRecords(new Random(2), 200)));
        byte[] cut = java.util.Arrays.copyOf(section, section.length - 8);
        rejected(TestBatches.raw((short) type.id(), 199, BASE_TIME, BASE_TIME, 200, cut), Reason.CORRUPT);
    }

    @Test
    void unknownCodecIsCorrupt() {
        ByteBuffer batch = TestBatches.raw((short) 5, 0, BASE_TIME, BASE_TIME, 1, goodRecord(0));
        assertTrue(rejected(batch, Reason.CORRUPT).getMessage().contains("codec"));
    }

    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = {"GZIP", "LZ4", "ZSTD"})
    void decompressionBombIsTooLargeWithoutInflatingIt(CompressionType type) throws IOException {
        // one well-formed record with a 64 MiB value of zeros: compresses to a few KiB (gzip, zstd) or
        // ~256 KiB (lz4), far past 64 x the batch's size once decompressed
        byte[] section = CompressionTypeTest.compress(type, TestBatches.section(
                List.of(new Record(0, BASE_TIME, null, new byte[64 << 20], List.of()))));
        int maxBatchBytes = section.length + RecordBatch.HEADER_SIZE;
        ByteBuffer batch = TestBatches.raw((short) type.id(), 0, BASE_TIME, BASE_TIME, 1, section);
        InvalidBatchException e = rejected(batch, maxBatchBytes, Reason.TOO_LARGE);
        assertTrue(e.getMessage().contains("decompresses to more than "
                + (long) maxBatchBytes * BatchValidator.MAX_DECOMPRESSION_RATIO), e.getMessage());
        // the same batch is fine where the limit leaves room for it
        assertEquals(1, BatchValidator.validate(batch, 2 << 20).recordCount());
    }

    @Test
    void aBombIsTooLargePastTheAbsoluteBoundWhateverTheTopicsLimit() {
        // max.message.bytes raised to 100 MB: 64 x that would let a batch inflate to 6.4 GB, more than
        // compaction, ListOffsets by time or a consumer can hold
        ByteBuffer bomb = DecompressionBombs.batch(CompressionType.ZSTD, RecordBatch.DEFAULT_MAX_DECOMPRESSED_BYTES);
        InvalidBatchException e = rejected(bomb, 100 << 20, Reason.TOO_LARGE);
        assertTrue(e.getMessage().contains("decompresses to more than " + RecordBatch.DEFAULT_MAX_DECOMPRESSED_BYTES),
                e.getMessage());
        assertEquals(256L << 20, BatchValidator.maxDecompressedBytes(100 << 20));
        assertEquals(64L << 20, BatchValidator.maxDecompressedBytes(1 << 20));
    }

    @Test
    void malformedRecordStructureIsCorrupt() {
        byte[] k = utf8("k");
        byte[][] records = {
            TestBatches.record(-1, 0, 0, k, k, 0, new byte[0]).clone(),
            TestBatches.record(40, 0, 0, k, k, 0, new byte[0]),          // length beyond the fields
            TestBatches.record(3, 0, 0, k, k, 0, new byte[0]),           // length shorter than the fields
            TestBatches.record(-1, 0, 0, k, k, -1, new byte[0]),         // negative header count
            TestBatches.record(-1, 0, 0, k, k, 1, new byte[] {2}),       // header cut short
            TestBatches.record(-1, 0, 0, k, k, 0, new byte[] {9, 9}),    // trailing bytes in the record
        };
        records[0][0] = 1; // a negative record length (zig-zag 1 = -1)
        String[] why = {"negative record length", "declares 40 bytes", "run past", "negative header count",
            "header key length 1", "declares 10 bytes"};
        for (int i = 0; i < records.length; i++) {
            ByteBuffer batch = withRecords(1, records[i]);
            InvalidBatchException e = assertThrows(InvalidBatchException.class,
                    () -> BatchValidator.validate(batch, MAX), "case " + i);
            assertEquals(Reason.CORRUPT, e.reason(), "case " + i + ": " + e.getMessage());
            assertTrue(e.getMessage().contains(why[i]), e.getMessage());
        }
        // a key length past the record, and a varint longer than 5 bytes
        byte[] keyOverrun = {8, 0, 0, 0, 100, 0, 0, 0, 0};
        rejected(withRecords(1, keyOverrun), Reason.CORRUPT);
        byte[] longVarint = {24, 0, 0, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 1, 0, 0, 0, 0};
        assertTrue(rejected(withRecords(1, longVarint), Reason.CORRUPT).getMessage().contains("varint"));
    }

    @Test
    void wrongMaxTimestampIsCorruptForCreateTimeButNotForLogAppendTime() {
        byte[] records = TestBatches.join(goodRecord(0), goodRecord(1));
        rejected(TestBatches.raw((short) 0, 1, BASE_TIME, BASE_TIME + 1, 2, records), Reason.CORRUPT);
        short logAppendTime = (short) RecordBatch.TIMESTAMP_TYPE_MASK;
        ValidationResult result = BatchValidator.validate(
                TestBatches.raw(logAppendTime, 1, BASE_TIME, BASE_TIME + 1, 2, records), MAX);
        assertEquals(BASE_TIME + 1, result.maxTimestamp());
        assertEquals(0, result.offsetOfMaxTimestampDelta());
    }

    @Test
    void recordsWithoutTimestampsReportNone() {
        RecordBatchBuilder builder = new RecordBatchBuilder(CompressionType.NONE, 64);
        builder.append(RecordBatch.NO_TIMESTAMP, null, utf8("x"), List.of());
        ValidationResult result = BatchValidator.validate(builder.build(), MAX);
        assertEquals(new ValidationResult(1, 1, RecordBatch.NO_TIMESTAMP, -1), result);
    }

    @Test
    void nonPositiveLimitIsAProgrammingError() {
        assertThrows(IllegalArgumentException.class,
                () -> BatchValidator.validate(TestBatches.batch(CompressionType.NONE, 1), 0));
    }

    @Test
    void validatingUncompressedBatchesAllocatesNothingPerRecord() {
        ByteBuffer payload = TestBatches.concat(TestBatches.batch(CompressionType.NONE, 10_000),
                TestBatches.batch(CompressionType.NONE, 10_000));
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        org.junit.jupiter.api.Assumptions.assumeTrue(threads.isThreadAllocatedMemoryEnabled(),
                "this JVM does not count allocated bytes per thread");
        for (int i = 0; i < 20; i++) {
            BatchValidator.validate(payload, MAX); // warm up
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        BatchValidator.validate(payload, MAX);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        // a per-record allocation would cost at least 16 bytes x 20,000 records
        assertTrue(allocated < 20_000, "allocated " + allocated + " bytes");
    }
}
