package io.spate.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.junit.jupiter.api.Test;

/** The test helper's batches are real v2 batches: Kafka's own reader accepts and decodes them. */
class TestBatchesTest {
    @Test
    void kafkaReadsUncompressedTestBatches() {
        ByteBuffer buf = TestBatches.batch("v", 1000, 1005, 1002);
        List<String> values = new ArrayList<>();
        List<Long> timestamps = new ArrayList<>();
        for (RecordBatch batch : MemoryRecords.readableRecords(buf.duplicate()).batches()) {
            batch.ensureValid();
            assertEquals(1005, batch.maxTimestamp());
            for (Record r : batch) {
                values.add(StandardCharsets.UTF_8.decode(r.value()).toString());
                timestamps.add(r.timestamp());
            }
        }
        assertEquals(List.of("v0", "v1", "v2"), values);
        assertEquals(List.of(1000L, 1005L, 1002L), timestamps);
        assertEquals(values, TestBatches.values(buf));
    }

    @Test
    void kafkaReadsGzipTestBatches() {
        ByteBuffer buf = TestBatches.gzipBatch("g", 7, 8);
        List<String> values = new ArrayList<>();
        for (RecordBatch batch : MemoryRecords.readableRecords(buf.duplicate()).batches()) {
            batch.ensureValid();
            for (Record r : batch) {
                values.add(StandardCharsets.UTF_8.decode(r.value()).toString());
            }
        }
        assertEquals(List.of("g0", "g1"), values);
        assertEquals(values, TestBatches.values(buf));
    }
}
