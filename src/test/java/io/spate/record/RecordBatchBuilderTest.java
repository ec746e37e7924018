package io.spate.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.testing.TestBatches;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RecordBatchBuilderTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void roundTripsKeysValuesHeadersAndTimestamps(CompressionType compression) {
        RecordBatchBuilder builder = new RecordBatchBuilder(compression, 64);
        List<Header> headers = List.of(new Header("trace", utf8("abc")), new Header("empty", new byte[0]),
                new Header("nothing", null), new Header("ünï€😀", utf8("x")));
        builder.append(1_000L, utf8("k1"), utf8("v1"), headers);
        builder.append(1_005L, null, utf8("no key"), null);
        builder.append(999L, utf8("tombstone"), null, List.of());
        builder.append(2_000L, new byte[0], new byte[0], List.of());
        builder.append(RecordBatch.NO_TIMESTAMP, null, null, null);

        ByteBuffer buf = builder.build();
        RecordBatch batch = new RecordBatch(buf, 0);
        assertEquals(0, buf.position());
        assertEquals(buf.limit(), batch.sizeInBytes());
        assertTrue(batch.isChecksumValid());
        assertEquals(compression, batch.compressionType());
        assertEquals(5, batch.recordCount());
        assertEquals(4, batch.lastOffsetDelta());
        assertEquals(1_000L, batch.baseTimestamp());
        assertEquals(2_000L, batch.maxTimestamp());
        assertEquals(-1L, batch.producerId());
        assertEquals(-1, batch.producerEpoch());
        assertEquals(-1, batch.baseSequence());
        assertEquals(-1, batch.partitionLeaderEpoch());

        List<Record> expected = List.of(
                new Record(0, 1_000L, utf8("k1"), utf8("v1"), headers),
                new Record(1, 1_005L, null, utf8("no key"), List.of()),
                new Record(2, 999L, utf8("tombstone"), null, List.of()),
                new Record(3, 2_000L, new byte[0], new byte[0], List.of()),
                new Record(4, RecordBatch.NO_TIMESTAMP, null, null, List.of()));
        List<Record> records = batch.records();
        assertEquals(expected, records);
        assertNull(records.get(1).key());
        assertNull(records.get(2).value());
        assertNull(records.get(0).headers().get(2).value());
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void roundTripsManyRecordsAcrossCompressionBlocks(CompressionType compression) {
        Random random = new Random(42);
        RecordBatchBuilder builder = new RecordBatchBuilder(compression, 0);
        List<Record> expected = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            byte[] value = new byte[random.nextInt(200)];
            random.nextBytes(value);
            byte[] key = utf8("key-" + (i % 17));
            builder.append(1_700_000_000_000L + i, key, value, List.of());
            expected.add(new Record(i, 1_700_000_000_000L + i, key, value, List.of()));
        }
        RecordBatch batch = new RecordBatch(builder.build(), 0);
        assertTrue(batch.isChecksumValid());
        assertEquals(expected, batch.records());
    }

    @Test
    void resetStartsANewBatchWhileEarlierBatchesStayIntact() {
        RecordBatchBuilder builder = new RecordBatchBuilder(CompressionType.NONE, 16);
        builder.append(10L, utf8("a"), utf8("first"), List.of());
        ByteBuffer first = builder.build();
        ByteBuffer firstCopy = TestBatches.copy(first);
        builder.reset();
        assertEquals(0, builder.recordCount());
        assertEquals(RecordBatch.NO_TIMESTAMP, builder.firstTimestamp());
        assertEquals(RecordBatch.HEADER_SIZE, builder.estimatedSizeInBytes());
        builder.append(20L, utf8("b"), utf8("second, longer"), List.of());
        ByteBuffer second = builder.build();
        assertNotSame(first, second);
        assertEquals(firstCopy, first);
        assertEquals(List.of(new Record(0, 20L, utf8("b"), utf8("second, longer"), List.of())),
                new RecordBatch(second, 0).records());
        assertEquals(20L, new RecordBatch(second, 0).baseTimestamp());
    }

    @Test
    void buildDoesNotEndTheBatch() {
        RecordBatchBuilder builder = new RecordBatchBuilder(CompressionType.GZIP, 0);
        builder.append(1L, null, utf8("x"), List.of());
        assertEquals(builder.build(), builder.build());
        builder.append(2L, null, utf8("y"), List.of());
        assertEquals(2, new RecordBatch(builder.build(), 0).records().size());
    }

    @Test
    void estimatedSizeIsExactUncompressedAndGrowsByEachRecordsSize() {
        RecordBatchBuilder builder = new RecordBatchBuilder(CompressionType.NONE, 0);
        Random random = new Random(9);
        for (Record r : TestBatches.randomRecords(random, 200)) {
            int before = builder.estimatedSizeInBytes();
            int size = builder.recordSizeInBytes(r.timestamp(), r.key(), r.value(), r.headers());
            builder.append(r.timestamp(), r.key(), r.value(), r.headers());
            assertEquals(before + size, builder.estimatedSizeInBytes());
        }
        assertEquals(builder.estimatedSizeInBytes(), builder.build().remaining());
    }

    @Test
    void firstTimestampIsTheBaseTimestamp() {
        RecordBatchBuilder builder = new RecordBatchBuilder(CompressionType.NONE, 0);
        builder.append(500L, null, null, null);
        builder.append(400L, null, null, null);
        assertEquals(500L, builder.firstTimestamp());
    }

    @Test
    void anEmptyBatchCannotBeBuilt() {
        assertThrows(IllegalStateException.class, () -> new RecordBatchBuilder(CompressionType.NONE, 0).build());
    }

    @Test
    void negativeTimestampsOtherThanNoTimestampAreRefused() {
        RecordBatchBuilder builder = new RecordBatchBuilder(CompressionType.NONE, 0);
        assertThrows(IllegalArgumentException.class, () -> builder.append(-2L, null, null, null));
        assertEquals(0, builder.recordCount());
        assertThrows(IllegalArgumentException.class, () -> new RecordBatchBuilder(CompressionType.NONE, -1));
        assertThrows(NullPointerException.class, () -> new Header(null, null));
    }

    @Test
    void headerKeysWithBrokenSurrogatesAreWrittenAsTheJdkEncodesThem() {
        RecordBatchBuilder builder = new RecordBatchBuilder(CompressionType.NONE, 0);
        builder.append(1L, null, null, List.of(new Header("a\uD800b", null)));
        RecordBatch batch = new RecordBatch(builder.build(), 0);
        assertEquals("a?b", batch.records().get(0).headers().get(0).key());
        BatchValidator.validate(builder.build(), 1 << 20);
    }

    @Test
    void appendingToAReusedBuilderAllocatesNothingPerRecord() {
        RecordBatchBuilder builder = new RecordBatchBuilder(CompressionType.NONE, 0);
        byte[] key = utf8("key");
        byte[] value = new byte[100];
        List<Header> headers = List.of(new Header("trace-id", utf8("abc")));
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        org.junit.jupiter.api.Assumptions.assumeTrue(threads.isThreadAllocatedMemoryEnabled(),
                "this JVM does not count allocated bytes per thread");
        long allocated = 0;
        for (int round = 0; round < 20; round++) { // the last rounds run warm, in a buffer already grown
            builder.reset();
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 10_000; i++) {
                builder.append(TestBatches.BASE_TIME + i, key, value, headers);
            }
            allocated = threads.getCurrentThreadAllocatedBytes() - before;
        }
        // a per-record allocation would cost at least 16 bytes x 10,000 records
        assertTrue(allocated < 10_000, "allocated " + allocated + " bytes");
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void buildInPlaceGivesTheSameBytesAsBuild(CompressionType compression) {
        RecordBatchBuilder builder = new RecordBatchBuilder(compression, 16);
        for (int i = 0; i < 50; i++) {
            builder.append(1_000L + i, utf8("k" + i), utf8("value " + i), List.of(new Header("h", utf8("x"))));
        }
        ByteBuffer copy = builder.build();
        ByteBuffer inPlace = builder.buildInPlace();
        assertEquals(0, inPlace.position());
        assertEquals(copy, inPlace);
        assertTrue(new RecordBatch(inPlace, 0).isChecksumValid());
    }

    @Test
    void buildInPlaceAfterResetHoldsOnlyTheNewRecords() {
        RecordBatchBuilder builder = new RecordBatchBuilder(CompressionType.NONE, 0);
        builder.append(1L, null, new byte[300], null);
        builder.append(2L, null, new byte[300], null);
        builder.buildInPlace();
        builder.reset();
        assertEquals(RecordBatch.HEADER_SIZE, builder.estimatedSizeInBytes());
        builder.append(7L, utf8("k"), utf8("v"), null);
        ByteBuffer buf = builder.buildInPlace();
        RecordBatch batch = new RecordBatch(buf, 0);
        assertEquals(buf.limit(), batch.sizeInBytes());
        assertEquals(builder.estimatedSizeInBytes(), batch.sizeInBytes());
        assertTrue(batch.isChecksumValid());
        assertEquals(List.of(new Record(0, 7L, utf8("k"), utf8("v"), List.of())), batch.records());
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void producerStateIsWrittenByTheBuildAndRewrittenInPlaceWithItsCrc(CompressionType type) {
        RecordBatchBuilder builder = new RecordBatchBuilder(type, 64);
        builder.append(7L, utf8("k"), utf8("v"), List.of());
        builder.append(8L, utf8("k2"), utf8("v2"), List.of());
        builder.setProducerState(1234L, (short) 3, 40);
        ByteBuffer built = builder.buildInPlace();
        RecordBatch batch = new RecordBatch(built, 0);
        assertEquals(1234L, batch.producerId());
        assertEquals(3, batch.producerEpoch());
        assertEquals(40, batch.baseSequence());
        assertTrue(batch.isChecksumValid());

        RecordBatchBuilder.writeProducerState(built, 1234L, (short) 4, 0);
        assertEquals(4, batch.producerEpoch());
        assertEquals(0, batch.baseSequence());
        assertTrue(batch.isChecksumValid(), "the CRC covers the rewritten fields");
        assertEquals(2, batch.records().size());

        builder.reset();
        builder.append(9L, utf8("k"), utf8("v"), List.of());
        RecordBatch plain = new RecordBatch(builder.build(), 0);
        assertEquals(RecordBatch.NO_PRODUCER_ID, plain.producerId());
        assertEquals(-1, plain.producerEpoch());
        assertEquals(-1, plain.baseSequence());
    }
}
