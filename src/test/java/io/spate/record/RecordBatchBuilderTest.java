package io.spate.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
