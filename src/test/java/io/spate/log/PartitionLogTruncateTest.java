package io.spate.log;

import static io.spate.log.TestLogs.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.spate.testing.MockTime;
import io.spate.testing.TestBatches;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link PartitionLog#truncateTo}: what is dropped, what the offsets become, and that appends go on. */
class PartitionLogTruncateTest {
    @TempDir
    Path tmp;
    private final MockTime clock = new MockTime(1_000_000);
    private final List<PartitionLog> opened = new ArrayList<>();

    private PartitionLog open(LogConfig config, boolean clean) {
        PartitionLog log = TestLogs.open(tmp.resolve("orders-0"), config, clock, clean);
        opened.add(log);
        return log;
    }

    @AfterEach
    void closeLogs() {
        opened.forEach(PartitionLog::close);
    }

    private LogConfig threeBatchSegments() {
        return config("segment.bytes", Integer.toString(TestLogs.batchSize("v0-") * 3), "index.interval.bytes", "0",
                "file.delete.delay.ms", "0");
    }

    @Test
    void truncateInsideTheActiveSegmentDropsTheTailAndAppendsContinueThere() {
        PartitionLog log = open(threeBatchSegments(), true);
        TestLogs.appendMany(log, "v", 8, 100);
        log.updateHighWatermark(8);
        log.flush();
        log.markFlushed(8);
        log.truncateTo(7);
        assertEquals(7, log.logEndOffset());
        assertEquals(7, log.highWatermark());
        assertEquals(7, log.recoveryPoint());
        log.append(TestBatches.batch("new", 1), 0);
        assertEquals(List.of("v0-0", "v1-0", "v2-0", "v3-0", "v4-0", "v5-0", "v6-0", "new0"), TestLogs.readValues(log, 0));
    }

    @Test
    void truncateDropsWholeLaterSegmentsAndTheBatchHoldingTheOffset() {
        PartitionLog log = open(threeBatchSegments(), true);
        log.append(TestBatches.batch("a", 1), 0);
        log.append(TestBatches.batch("b", 2, 3, 4), 0); // offsets 1..3
        TestLogs.appendMany(log, "v", 6, 100);           // offsets 4..9
        assertEquals(3, log.segmentCount());
        log.truncateTo(2);
        // the batch 1..3 holds offset 2: it goes whole
        assertEquals(1, log.logEndOffset());
        assertEquals(List.of(0L), log.segmentBaseOffsets());
        assertEquals(List.of("a0"), TestLogs.readValues(log, 0));
        assertEquals(List.of("00000000000000000000.index", "00000000000000000000.log",
                "00000000000000000000.timeindex", "leader-epoch-checkpoint", "partition.checkpoint"),
                TestLogs.files(log.dir()));
        log.append(TestBatches.batch("c", 5), 0);
        assertEquals(List.of("a0", "c0"), TestLogs.readValues(log, 0));
    }

    @Test
    void truncateToASegmentBaseLeavesThatSegmentEmptyAndActive() {
        PartitionLog log = open(threeBatchSegments(), true);
        TestLogs.appendMany(log, "v", 7, 100);
        assertEquals(List.of(0L, 3L, 6L), log.segmentBaseOffsets());
        log.truncateTo(3);
        assertEquals(List.of(0L, 3L), log.segmentBaseOffsets());
        assertEquals(3, log.logEndOffset());
        TestLogs.appendMany(log, "w", 4, 200);
        assertEquals(List.of(0L, 3L, 6L), log.segmentBaseOffsets());
        assertEquals(List.of("v0-0", "v1-0", "v2-0", "w0-0", "w1-0", "w2-0", "w3-0"), TestLogs.readValues(log, 0));
    }

    @Test
    void truncateAtOrPastTheEndDoesNothingAndNegativeIsRefused() {
        PartitionLog log = open(LogConfig.defaults(), true);
        TestLogs.appendMany(log, "v", 3, 100);
        log.truncateTo(3);
        log.truncateTo(50);
        assertEquals(3, log.logEndOffset());
        assertThrows(IllegalArgumentException.class, () -> log.truncateTo(-1));
    }

    @Test
    void truncateBelowTheLogStartRestartsTheLogThere() {
        PartitionLog log = open(config("segment.bytes", Integer.toString(TestLogs.batchSize("v0-") * 3),
                "retention.bytes", "0", "file.delete.delay.ms", "0"), true);
        TestLogs.appendMany(log, "v", 7, 100);
        assertEquals(2, log.deleteExpiredSegments(clock.milliseconds()));
        assertEquals(6, log.logStartOffset());
        log.truncateTo(4);
        assertEquals(4, log.logStartOffset());
        assertEquals(4, log.logEndOffset());
        assertEquals(List.of(4L), log.segmentBaseOffsets());
        log.append(TestBatches.batch("x", 1), 0);
        assertEquals(List.of("x0"), TestLogs.readValues(log, 4));
    }

    @Test
    void truncationSurvivesACrashRightAfterIt() throws java.io.IOException {
        PartitionLog log = open(threeBatchSegments(), true);
        TestLogs.appendMany(log, "v", 8, 100);
        log.markFlushed(log.flush());
        log.checkpoint();
        assertEquals(8, PartitionCheckpoint.read(log.dir()).orElseThrow().recoveryPoint());
        log.truncateTo(4);
        // written at once: a crash must not trust the old recovery point over rewritten offsets
        assertEquals(4, PartitionCheckpoint.read(log.dir()).orElseThrow().recoveryPoint());
        TestLogs.appendMany(log, "w", 2, 200);
        // crash: the log is abandoned, not closed
        opened.remove(log);
        PartitionLog reopened = PartitionLog.open(log.dir(), "orders", 0, threeBatchSegments(), clock, false);
        opened.add(reopened);
        assertEquals(List.of("v0-0", "v1-0", "v2-0", "v3-0", "w0-0", "w1-0"), TestLogs.readValues(reopened, 0));
    }
}
