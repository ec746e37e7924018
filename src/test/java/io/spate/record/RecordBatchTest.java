package io.spate.record;

import static io.spate.testing.TestBatches.BASE_TIME;
import static io.spate.testing.TestBatches.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.testing.TestBatches;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RecordBatchTest {
    private static List<RecordBatch> list(Iterable<RecordBatch> batches) {
        List<RecordBatch> out = new ArrayList<>();
        batches.forEach(out::add);
        return out;
    }

    @Test
    void recordsDecodeTheSameFromHeapSlicedAndDirectBuffers() {
        List<Record> written = TestBatches.randomRecords(new Random(7), 200);
        ByteBuffer heap = TestBatches.batch(CompressionType.NONE, written);
        ByteBuffer direct = ByteBuffer.allocateDirect(heap.remaining()).put(heap.duplicate()).flip();
        ByteBuffer padded = ByteBuffer.allocate(heap.remaining() + 13);
        padded.position(13);
        padded.put(heap.duplicate()).position(13);
        ByteBuffer sliced = padded.slice(); // a heap buffer whose array starts 13 bytes before it
        for (ByteBuffer b : List.of(heap, direct, sliced)) {
            assertEquals(written, new RecordBatch(b, 0).records(), b.isDirect() ? "direct" : "heap, offset " + b.arrayOffset());
        }
    }

    @Test
    void readsHeaderFieldsAtKafkaOffsets() {
        ByteBuffer buf = ByteBuffer.allocate(RecordBatch.HEADER_SIZE);
        buf.putLong(0, 42L).putInt(8, RecordBatch.HEADER_SIZE - 12).put(16, RecordBatch.MAGIC).putInt(23, 3);
        RecordBatch batch = new RecordBatch(buf, 0);
        assertEquals(42L, batch.baseOffset());
        assertEquals(RecordBatch.HEADER_SIZE, batch.sizeInBytes());
        assertEquals(45L, batch.lastOffset());
    }

    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = {"NONE", "GZIP"})
    void aFlippedByteAnywhereInTheCrcRangeFailsTheChecksum(CompressionType compression) {
        ByteBuffer original = TestBatches.random(new Random(1), compression, 5);
        assertTrue(new RecordBatch(original, 0).isChecksumValid());
        for (int i = RecordBatch.CRC_OFFSET; i < original.limit(); i++) {
            for (int bit = 0; bit < 8; bit++) {
                ByteBuffer damaged = TestBatches.copy(original);
                damaged.put(i, (byte) (damaged.get(i) ^ (1 << bit)));
                assertFalse(new RecordBatch(damaged, 0).isChecksumValid(), "byte " + i + " bit " + bit);
            }
        }
    }

    @Test
    void stampingBaseOffsetAndLeaderEpochKeepsTheChecksumAndShiftsOffsets() {
        ByteBuffer buf = TestBatches.batch(CompressionType.NONE, 3);
        buf.putLong(RecordBatch.BASE_OFFSET_OFFSET, 1_000L).putInt(RecordBatch.PARTITION_LEADER_EPOCH_OFFSET, 7);
        RecordBatch batch = new RecordBatch(buf, 0);
        assertTrue(batch.isChecksumValid());
        assertEquals(7, batch.partitionLeaderEpoch());
        assertEquals(1_002L, batch.lastOffset());
        assertEquals(List.of(1_000L, 1_001L, 1_002L), batch.records().stream().map(Record::offset).toList());
        BatchValidator.validate(buf, 1 << 20);
    }

    @Test
    void batchesIteratesCompleteBatchesAndStopsBeforeAPartialOne() {
        ByteBuffer a = TestBatches.batch(CompressionType.NONE, 1);
        ByteBuffer b = TestBatches.batch(CompressionType.SNAPPY, 2);
        ByteBuffer c = TestBatches.batch(CompressionType.NONE, 3);
        ByteBuffer all = TestBatches.concat(a, b, c);
        int full = all.limit();
        for (int cut = full - c.remaining() + 1; cut < full; cut++) {
            ByteBuffer view = all.duplicate().limit(cut);
            List<RecordBatch> batches = list(RecordBatch.batches(view));
            assertEquals(2, batches.size(), "cut at " + cut);
            assertEquals(a.remaining(), batches.get(1).position());
            assertEquals(2, batches.get(1).records().size());
        }
        List<RecordBatch> batches = list(RecordBatch.batches(all));
        assertEquals(List.of(0, a.remaining(), a.remaining() + b.remaining()),
                batches.stream().map(RecordBatch::position).toList());
        assertEquals(0, all.position());
        assertEquals(3, list(RecordBatch.batches(all)).size()); // iterable again
        assertEquals(0, list(RecordBatch.batches(ByteBuffer.allocate(0))).size());
    }

    @Test
    void batchesStartsAtThePosition() {
        ByteBuffer all = TestBatches.concat(TestBatches.batch(CompressionType.NONE, 1),
                TestBatches.batch(CompressionType.NONE, 2));
        int second = new RecordBatch(all, 0).sizeInBytes();
        List<RecordBatch> batches = list(RecordBatch.batches(all.position(second)));
        assertEquals(1, batches.size());
        assertEquals(second, batches.get(0).position());
        assertEquals(second, all.position());
    }

    @Test
    void batchesRefusesALengthBelowTheHeaderAndABadMagic() {
        ByteBuffer small = TestBatches.batch(CompressionType.NONE, 1);
        small.putInt(RecordBatch.LENGTH_OFFSET, 10);
        assertThrows(CorruptRecordException.class, () -> RecordBatch.batches(small).iterator().hasNext());
        ByteBuffer magic = TestBatches.batch(CompressionType.NONE, 1);
        magic.put(RecordBatch.MAGIC_OFFSET, (byte) 0);
        assertThrows(CorruptRecordException.class, () -> RecordBatch.batches(magic).iterator().next());
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void recordsAreReadFromADirectBufferAtAnOffset(CompressionType compression) {
        List<Record> records = TestBatches.randomRecords(new Random(3), 50);
        ByteBuffer batch = TestBatches.batch(compression, records);
        ByteBuffer direct = ByteBuffer.allocateDirect(batch.remaining() + 9);
        direct.position(9);
        direct.put(batch.duplicate()).flip();
        RecordBatch view = new RecordBatch(direct, 9);
        assertTrue(view.isChecksumValid());
        assertEquals(records, view.records());
    }

    @Test
    void logAppendTimeRecordsCarryTheBatchMaxTimestamp() {
        byte[] section = TestBatches.section(List.of(new Record(0, BASE_TIME, null, utf8("a"), List.of()),
                new Record(1, BASE_TIME + 5, null, utf8("b"), List.of())));
        ByteBuffer batch = TestBatches.raw((short) RecordBatch.TIMESTAMP_TYPE_MASK, 1, BASE_TIME, 99L, 2, section);
        assertEquals(List.of(99L, 99L), new RecordBatch(batch, 0).records().stream().map(Record::timestamp).toList());
    }

    @Test
    void recordCountThatDisagreesWithTheRecordsIsCorrupt() {
        byte[] section = TestBatches.section(TestBatches.randomRecords(new Random(4), 3));
        for (int count : new int[] {0, 2, 4, -1, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
            ByteBuffer batch = TestBatches.raw((short) 0, 2, BASE_TIME, BASE_TIME, count, section);
            assertThrows(CorruptRecordException.class, () -> new RecordBatch(batch, 0).records(), "count " + count);
        }
    }

    @Test
    void malformedRecordsAreCorrupt() {
        byte[] k = utf8("k");
        byte[][] sections = {
            {1, 0, 0, 0, 0, 0, 0},                                           // negative length
            TestBatches.record(30, 0, 0, k, k, 0, new byte[0]),            // length past the section
            TestBatches.record(-1, 0, 0, k, k, 0, new byte[] {5}),         // fields shorter than length
            {8, 0, 0, 0, 100, 0, 0, 0, 0},                                   // key length past the record
            TestBatches.record(-1, 0, 0, null, null, 1000, new byte[0]),   // header count past the record
            TestBatches.record(-1, 0, 0, k, k, 1, new byte[] {3, 0}),      // negative header key length
        };
        String[] why = {"record length -1", "record length 30", "declares", "key length 50", "header count 1000",
            "header key length -2"};
        for (int i = 0; i < sections.length; i++) {
            ByteBuffer batch = TestBatches.raw((short) 0, 0, BASE_TIME, BASE_TIME, 1, sections[i]);
            CorruptRecordException e = assertThrows(CorruptRecordException.class,
                    () -> new RecordBatch(batch, 0).records(), "case " + i);
            assertTrue(e.getMessage().contains(why[i]), e.getMessage());
        }
    }

    @Test
    void badMagicUnknownCodecAndTruncatedBatchAreCorrupt() {
        ByteBuffer magic = TestBatches.batch(CompressionType.NONE, 1);
        magic.put(RecordBatch.MAGIC_OFFSET, (byte) 1);
        assertThrows(CorruptRecordException.class, () -> new RecordBatch(magic, 0).records());
        ByteBuffer codec = TestBatches.raw((short) 6, 0, BASE_TIME, BASE_TIME, 1, new byte[10]);
        assertThrows(CorruptRecordException.class, () -> new RecordBatch(codec, 0).records());
        ByteBuffer truncated = TestBatches.batch(CompressionType.NONE, 2);
        truncated.limit(truncated.limit() - 1);
        assertThrows(CorruptRecordException.class, () -> new RecordBatch(truncated, 0).records());
    }

    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void invalidCompressedDataIsCorrupt(CompressionType type) {
        ByteBuffer batch = TestBatches.raw((short) type.id(), 0, BASE_TIME, BASE_TIME, 1,
                TestBatches.bytes(new Random(8), 300));
        assertThrows(CorruptRecordException.class, () -> new RecordBatch(batch, 0).records());
    }

    @Test
    void decompressionPastTheGivenBoundIsCorrupt() throws IOException {
        byte[] raw = TestBatches.section(List.of(new Record(0, BASE_TIME, null, new byte[1 << 20], List.of())));
        ByteBuffer batch = TestBatches.raw((short) CompressionType.ZSTD.id(), 0, BASE_TIME, BASE_TIME, 1,
                CompressionTypeTest.compress(CompressionType.ZSTD, raw));
        RecordBatch view = new RecordBatch(batch, 0);
        CorruptRecordException e = assertThrows(CorruptRecordException.class, () -> view.records(raw.length - 1));
        assertTrue(e.getMessage().contains("more than"), e.getMessage());
        assertEquals(1 << 20, view.records(raw.length).get(0).value().length);
    }
}
