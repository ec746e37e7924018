package io.spate.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class RetainedBatchBuilderTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static RecordBatch stored(CompressionType codec, boolean logAppendTime) {
        RecordBatchBuilder builder = new RecordBatchBuilder(codec, 64);
        builder.append(100, b("a"), b("1"), null);
        builder.append(250, b("b"), null, List.of(new Header("h", b("x"))));
        builder.append(180, null, b("3"), null);
        builder.append(120, b("a"), b("4"), null);
        ByteBuffer buf = builder.build();
        buf.putLong(RecordBatch.BASE_OFFSET_OFFSET, 1000).putInt(RecordBatch.PARTITION_LEADER_EPOCH_OFFSET, 4);
        if (logAppendTime) {
            short attributes = (short) (buf.getShort(RecordBatch.ATTRIBUTES_OFFSET) | RecordBatch.TIMESTAMP_TYPE_MASK);
            buf.putShort(RecordBatch.ATTRIBUTES_OFFSET, attributes);
            buf.putLong(RecordBatch.BASE_TIMESTAMP_OFFSET, 999).putLong(RecordBatch.MAX_TIMESTAMP_OFFSET, 999);
            int size = buf.remaining();
            buf.putInt(RecordBatch.CRC_OFFSET, (int) RecordBatch.crc32c(buf, RecordBatch.ATTRIBUTES_OFFSET,
                    size - RecordBatch.ATTRIBUTES_OFFSET));
        }
        return new RecordBatch(buf, 0);
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void survivorsKeepTheirOffsetsTimestampsAndTheBatchItsRange(CompressionType codec) {
        RecordBatch original = stored(codec, false);
        List<Record> all = original.records();
        RecordBatch rebuilt = new RecordBatch(RetainedBatchBuilder.build(original, List.of(all.get(1), all.get(2))), 0);
        assertTrue(rebuilt.isChecksumValid());
        assertEquals(codec, rebuilt.compressionType());
        assertEquals(1000, rebuilt.baseOffset());
        assertEquals(1003, rebuilt.lastOffset());
        assertEquals(4, rebuilt.partitionLeaderEpoch());
        assertEquals(2, rebuilt.recordCount());
        assertEquals(250, rebuilt.maxTimestamp());
        assertEquals(List.of(all.get(1), all.get(2)), rebuilt.records());
    }

    @Test
    void logAppendTimeKeepsTheBatchTimestamp() {
        RecordBatch original = stored(CompressionType.NONE, true);
        List<Record> all = original.records();
        RecordBatch rebuilt = new RecordBatch(RetainedBatchBuilder.build(original, List.of(all.get(3))), 0);
        assertTrue(rebuilt.isLogAppendTime());
        assertEquals(999, rebuilt.maxTimestamp());
        assertEquals(List.of(all.get(3)), rebuilt.records());
    }

    @Test
    void emptyOrForeignRecordListsAreRefused() {
        RecordBatch original = stored(CompressionType.NONE, false);
        List<Record> all = original.records();
        assertThrows(IllegalArgumentException.class, () -> RetainedBatchBuilder.build(original, List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> RetainedBatchBuilder.build(original, List.of(all.get(2), all.get(1))));
        Record outside = new Record(1004, 0, null, null, null);
        assertThrows(IllegalArgumentException.class, () -> RetainedBatchBuilder.build(original, List.of(outside)));
    }
}
