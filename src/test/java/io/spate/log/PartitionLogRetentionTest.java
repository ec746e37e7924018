package io.spate.log;

import static io.spate.log.TestLogs.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.testing.MockTime;
import io.spate.testing.TestBatches;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention by time and by size: whole segments, never the active one, files removed after a delay. */
class PartitionLogRetentionTest {
    private static final long T0 = 1_000_000;
    @TempDir
    Path tmp;
    private final MockTime clock = new MockTime(T0);
    private final List<PartitionLog> opened = new ArrayList<>();
    private final int batch = TestLogs.batchSize("v0-");

    private PartitionLog open(String... overrides) {
        List<String> kv = new ArrayList<>(List.of("segment.bytes", Integer.toString(batch * 3)));
        kv.addAll(List.of(overrides));
        PartitionLog log = TestLogs.open(tmp.resolve("orders-0"), config(kv.toArray(String[]::new)), clock, true);
        opened.add(log);
        return log;
    }

    @AfterEach
    void closeLogs() {
        opened.forEach(PartitionLog::close);
    }

    /** Segments 0 (ts T0..T0+2), 3 (T0+1000..), 6 (T0+2000..) and active 9 (T0+3000). */
    private void appendFourSegments(PartitionLog log) {
        for (int seg = 0; seg < 4; seg++) {
            int count = seg == 3 ? 1 : 3;
            for (int i = 0; i < count; i++) {
                log.append(TestBatches.batch("v" + (seg * 3 + i) % 10 + "-", T0 + seg * 1000L + i), 0);
            }
        }
        assertEquals(List.of(0L, 3L, 6L, 9L), log.segmentBaseOffsets());
    }

    @Test
    void segmentsWhoseNewestRecordIsOlderThanRetentionMsAreDeleted() {
        PartitionLog log = open("retention.ms", "5000", "file.delete.delay.ms", "0");
        appendFourSegments(log);
        assertEquals(0, log.deleteExpiredSegments(T0 + 5002));
        assertEquals(1, log.deleteExpiredSegments(T0 + 5003));
        assertEquals(3, log.logStartOffset());
        assertEquals(2, log.deleteExpiredSegments(T0 + 100_000));
        assertEquals(List.of(9L), log.segmentBaseOffsets());
        assertEquals(9, log.logStartOffset());
        assertEquals(0, log.deleteExpiredSegments(T0 + 10_000_000), "the active segment is never deleted");
        assertEquals(1, log.segmentCount());
        assertEquals(List.of("v9-0"), TestLogs.readValues(log, 9));
    }

    @Test
    void oldestSegmentsGoWhileTheLogIsLargerThanRetentionBytes() {
        PartitionLog log = open("retention.bytes", Integer.toString(batch * 5), "file.delete.delay.ms", "0");
        appendFourSegments(log);
        assertEquals(10L * batch, log.sizeInBytes());
        // as Kafka: a segment goes only if the log stays at least retention.bytes without it.
        // 10 batches, limit 5: without segment 0 the log has 7; without segment 3 too it would have 4
        assertEquals(1, log.deleteExpiredSegments(T0));
        assertEquals(List.of(3L, 6L, 9L), log.segmentBaseOffsets());
        assertEquals(7L * batch, log.sizeInBytes());
        assertEquals(0, log.deleteExpiredSegments(T0));
        log.append(TestBatches.batch("w0-", T0), 0);
        log.append(TestBatches.batch("w1-", T0), 0);
        assertEquals(1, log.deleteExpiredSegments(T0));
        assertEquals(List.of(6L, 9L), log.segmentBaseOffsets());
    }

    @Test
    void retentionBytesZeroStillKeepsTheActiveSegment() {
        PartitionLog log = open("retention.bytes", "0", "file.delete.delay.ms", "0");
        appendFourSegments(log);
        assertEquals(3, log.deleteExpiredSegments(T0));
        assertEquals(List.of(9L), log.segmentBaseOffsets());
    }

    @Test
    void readsBelowTheNewLogStartAreOutOfRange() {
        PartitionLog log = open("retention.ms", "0", "file.delete.delay.ms", "0");
        appendFourSegments(log);
        log.updateHighWatermark(2);
        log.deleteExpiredSegments(T0 + 10_000);
        assertEquals(9, log.logStartOffset());
        assertEquals(9, log.highWatermark(), "the high watermark follows the log start up");
        OffsetOutOfRangeException e = assertThrows(OffsetOutOfRangeException.class,
                () -> log.read(8, 1000, Long.MAX_VALUE, true));
        assertEquals(9, e.logStartOffset());
        assertEquals(10, e.logEndOffset());
        assertEquals(9, log.offsetForTimestamp(T0));
        assertEquals(-1, log.offsetForTimestamp(T0 + 3001));
    }

    @Test
    void deletedSegmentFilesLingerAsDeletedUntilTheDelayPasses() {
        PartitionLog log = open("retention.ms", "0", "file.delete.delay.ms", "60000");
        appendFourSegments(log);
        LogReadResult inFlight = log.read(0, 1 << 20, Long.MAX_VALUE, true);
        assertEquals(3, log.deleteExpiredSegments(T0 + 10_000));
        assertTrue(Files.exists(log.dir().resolve("00000000000000000000.log.deleted")));
        assertFalse(Files.exists(log.dir().resolve("00000000000000000000.log")));
        // a read handed out before the deletion can still be served
        assertEquals(List.of("v0-0", "v1-0", "v2-0"), TestBatches.values(inFlight.toByteBuffer()));
        log.deleteExpiredSegments(T0 + 10_000 + 59_999);
        assertTrue(Files.exists(log.dir().resolve("00000000000000000003.timeindex.deleted")));
        log.deleteExpiredSegments(T0 + 10_000 + 60_000);
        // the producer state snapshot of the roll to segment 9 stays; those below the log start went with their segments
        assertEquals(List.of("00000000000000000009.index", "00000000000000000009.log", "00000000000000000009.snapshot",
                        "00000000000000000009.timeindex"), TestLogs.files(log.dir()));
    }

    @Test
    void closeRemovesFilesStillWaitingForDeletion() throws java.io.IOException {
        PartitionLog log = open("retention.ms", "0", "file.delete.delay.ms", "60000");
        appendFourSegments(log);
        log.deleteExpiredSegments(T0 + 10_000);
        log.close();
        assertFalse(TestLogs.files(log.dir()).stream().anyMatch(f -> f.endsWith(".deleted")));
        assertEquals(9, PartitionCheckpoint.read(log.dir()).orElseThrow().logStartOffset());
        opened.remove(log);
        PartitionLog reopened = open();
        assertEquals(9, reopened.logStartOffset());
        assertEquals(10, reopened.logEndOffset());
    }

    @Test
    void compactOnlyTopicsAreNotDeletedByRetention() {
        PartitionLog log = open("retention.ms", "0", "retention.bytes", "0", "cleanup.policy", "compact");
        appendFourSegments(log);
        assertEquals(0, log.deleteExpiredSegments(T0 + 10_000_000));
        assertEquals(4, log.segmentCount());
    }

    @Test
    void retentionMsMinusOneKeepsForever() {
        PartitionLog log = open("retention.ms", "-1");
        appendFourSegments(log);
        assertEquals(0, log.deleteExpiredSegments(Long.MAX_VALUE / 2));
    }

    @Test
    void leaderEpochsBelowTheNewLogStartAreTrimmed() {
        PartitionLog log = open("retention.ms", "0", "file.delete.delay.ms", "0");
        log.append(TestBatches.batch("a0-", T0), 1);
        log.append(TestBatches.batch("a1-", T0), 1);
        log.append(TestBatches.batch("a2-", T0), 2);
        log.append(TestBatches.batch("a3-", T0), 2);
        log.append(TestBatches.batch("a4-", T0), 3);
        log.deleteExpiredSegments(T0 + 10);
        assertEquals(3, log.logStartOffset());
        assertEquals(List.of(new EpochEntry(2, 3), new EpochEntry(3, 4)), log.leaderEpochCache().entries());
    }
}
