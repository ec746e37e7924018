package io.spate.testing;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.netty.buffer.ByteBuf;
import io.spate.record.CompressionType;
import io.spate.record.CorruptRecordException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.junit.jupiter.api.Test;

/**
 * The shared test batches are real v2 batches (Kafka's own reader accepts and decodes them), read
 * back as they were built, and their builder needs nothing of Spate above the record format.
 */
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
        ByteBuffer buf = TestBatches.batch(CompressionType.GZIP, "g", 7, 8);
        List<String> values = new ArrayList<>();
        for (RecordBatch batch : MemoryRecords.readableRecords(buf.duplicate()).batches()) {
            batch.ensureValid();
            assertEquals(CompressionType.GZIP.id(), batch.compressionType().id);
            for (Record r : batch) {
                values.add(StandardCharsets.UTF_8.decode(r.value()).toString());
            }
        }
        assertEquals(List.of("g0", "g1"), values);
        assertEquals(values, TestBatches.values(buf));
    }

    @Test
    void recordsReadsBackEveryBatchWithAbsoluteOffsets() {
        ByteBuffer second = TestBatches.batch(CompressionType.ZSTD, "b", 30);
        second.putLong(io.spate.record.RecordBatch.BASE_OFFSET_OFFSET, 2L); // as the log stamps it
        ByteBuffer both = TestBatches.concat(TestBatches.batch("a", 10, 20), second);
        assertEquals(List.of(new TestRecord(0, 10, "k0", "a0"), new TestRecord(1, 20, "k1", "a1"),
                new TestRecord(2, 30, "k0", "b0")), TestBatches.records(both));
    }

    @Test
    void recordsRefusesABatchCutShort() {
        ByteBuffer batch = TestBatches.batch("a", 10, 20);
        assertThrows(CorruptRecordException.class, () -> TestBatches.records(batch.limit(batch.limit() - 1)));
    }

    @Test
    void wireBatchesHoldTheValuesWithNullKeys() {
        ByteBuf buf = TestBatches.of(CompressionType.LZ4, 5, "x", "y");
        assertEquals(List.of(new TestRecord(0, 5, null, "x"), new TestRecord(1, 5, null, "y")),
                TestBatches.records(buf.nioBuffer()));
        assertEquals(List.of("a", "b"), TestBatches.values(TestBatches.of("a", "b").nioBuffer()));
    }

    @Test
    void sizedBatchesHoldValuesOfExactlyThatSize() {
        List<TestRecord> records = TestBatches.records(TestBatches.sized(3, 100).nioBuffer());
        assertEquals(Collections.nCopies(3, "\0".repeat(100)), records.stream().map(TestRecord::value).toList());
        records.forEach(r -> assertNull(r.key()));
    }

    @Test
    void numberedBatchesCountFromBaseTime() {
        assertEquals(List.of(new TestRecord(0, TestBatches.BASE_TIME, "k0", "value 0"),
                new TestRecord(1, TestBatches.BASE_TIME + 1, "k1", "value 1"),
                new TestRecord(2, TestBatches.BASE_TIME + 2, "k2", "value 2")),
                TestBatches.records(TestBatches.batch(CompressionType.SNAPPY, 3)));
    }

    @Test
    void randomBatchesAreTheRandomRecordsOfTheSeed() {
        var records = TestBatches.randomRecords(new Random(5), 100);
        assertEquals(records, TestBatches.randomRecords(new Random(5), 100));
        assertEquals(TestBatches.batch(CompressionType.GZIP, records),
                TestBatches.random(new Random(5), CompressionType.GZIP, 100));
    }

    @Test
    void rawBatchesHaveTheGivenHeaderAndAValidCrc() {
        var records = TestBatches.randomRecords(new Random(4), 3);
        long maxTimestamp = records.stream().mapToLong(r -> r.timestamp()).max().orElseThrow();
        ByteBuffer raw = TestBatches.raw((short) 0, 2, records.get(0).timestamp(), maxTimestamp, 3,
                TestBatches.section(records));
        assertTrue(new io.spate.record.RecordBatch(raw, 0).isChecksumValid());
        assertEquals(TestBatches.batch(CompressionType.NONE, records), raw);
    }

    @Test
    void theBuilderUsesNothingOfSpateButTheRecordFormat() {
        classes().that().belongToAnyOf(TestBatches.class, TestRecord.class)
                .should().onlyDependOnClassesThat(resideInAnyPackage("io.spate.record..", "java..", "io.netty..")
                        .or(belongToAnyOf(TestBatches.class, TestRecord.class)))
                .check(new ClassFileImporter().importClasses(TestBatches.class, TestRecord.class));
    }
}
