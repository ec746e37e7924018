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

/** DeleteRecords' part of the log: the log start moves up on request, durably, never past the high watermark. */
class PartitionLogDeleteRecordsTest {
    private static final long T0 = 1_000_000;
    @TempDir
    Path tmp;
    private final MockTime clock = new MockTime(T0);
    private final List<PartitionLog> opened = new ArrayList<>();
    private final int batch = TestLogs.batchSize("v0-");

    private PartitionLog open() {
        PartitionLog log = TestLogs.open(tmp.resolve("orders-0"), config("segment.bytes", Integer.toString(batch * 3),
                "file.delete.delay.ms", "0"), clock, true);
        opened.add(log);
        return log;
    }

    @AfterEach
    void closeLogs() {
        opened.forEach(PartitionLog::close);
    }

    private static void appendTen(PartitionLog log) {
        for (int i = 0; i < 10; i++) {
            log.append(TestBatches.batch("v" + i + "-", T0 + i), 0);
        }
    }

    @Test
    void theLogStartMovesUpToTheHighWatermarkAtMostAndReadsBelowItFail() {
        PartitionLog log = open();
        appendTen(log);
        log.updateHighWatermark(7);
        assertEquals(4, log.advanceLogStartOffset(4));
        assertEquals(4, log.logStartOffset());
        assertEquals(List.of("v4-0", "v5-0", "v6-0"), TestLogs.readValues(log, 4).subList(0, 3));
        assertThrows(OffsetOutOfRangeException.class, () -> TestLogs.readValues(log, 3));
        assertEquals(4, log.advanceLogStartOffset(2), "never moves down");
        assertEquals(7, log.advanceLogStartOffset(9), "never past the high watermark");
    }

    @Test
    void theNewLogStartSurvivesAReopenAndRetentionDropsTheSegmentsBelowIt() {
        PartitionLog log = open();
        appendTen(log);
        log.updateHighWatermark(10);
        log.advanceLogStartOffset(7);
        // segments 0 and 3 lie wholly below 7: retention's next pass deletes them, whatever retention.ms says
        assertEquals(2, log.deleteExpiredSegments(T0));
        assertEquals(List.of(6L, 9L), log.segmentBaseOffsets());
        assertEquals(7, log.logStartOffset());
        opened.remove(log);
        log.close();
        PartitionLog reopened = open();
        assertEquals(7, reopened.logStartOffset());
        assertEquals("v7-0", TestLogs.readValues(reopened, 7).get(0));
    }

    @Test
    void aCrashRightAfterTheAnswerKeepsTheNewLogStart() {
        PartitionLog log = open();
        appendTen(log);
        log.updateHighWatermark(10);
        log.advanceLogStartOffset(5);
        // no close, no periodic checkpoint: the checkpoint written by the call itself is what recovery reads
        PartitionLog recovered = TestLogs.open(tmp.resolve("orders-0"), config("segment.bytes", Integer.toString(batch * 3)),
                clock, false);
        opened.add(recovered);
        assertEquals(5, recovered.logStartOffset());
    }

    @Test
    void aCheckpointThatCannotBeWrittenFailsTheRequestAndChangesNothing() throws Exception {
        try (io.spate.testing.SmallFileSystem fs = io.spate.testing.SmallFileSystem.mount(tmp, 4)) {
            Path dir = fs.dir().resolve("orders-0");
            PartitionLog log = TestLogs.open(dir, config(), clock, true);
            try {
                appendTen(log);
                log.updateHighWatermark(10);
                log.markFlushed(log.flush());
                fs.fill();
                LogStorageException e = assertThrows(LogStorageException.class, () -> log.advanceLogStartOffset(6));
                org.junit.jupiter.api.Assertions.assertTrue(e.retriable(), e.getMessage());
                org.junit.jupiter.api.Assertions.assertFalse(log.isOffline());
                assertEquals(0, log.logStartOffset(), "nothing changed");
                assertEquals("v0-0", TestLogs.readValues(log, 0).get(0));
                fs.free();
                assertEquals(6, log.advanceLogStartOffset(6), "tried again once there is space");
            } finally {
                log.close();
            }
        }
    }
}
