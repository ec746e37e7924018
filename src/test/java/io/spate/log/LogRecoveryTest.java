package io.spate.log;

import static io.spate.log.TenBatchLog.values;
import static io.spate.log.TestLogs.segmentFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.record.RecordBatch;
import io.spate.testing.TestBatches;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening a log after clean and unclean shutdowns, torn tails, corruption and lost index files. */
class LogRecoveryTest {
    private final TenBatchLog logs;

    LogRecoveryTest(@TempDir Path tmp) {
        logs = new TenBatchLog(tmp, 9);
    }

    @AfterEach
    void closeLogs() {
        logs.closeAll();
    }

    @Test
    void cleanRestartKeepsEverything() {
        PartitionLog log = logs.open(true);
        TestLogs.appendMany(log, "v", 10, 100);
        log.append(TestBatches.batch("e", 500), 4);
        log.updateHighWatermark(9);
        logs.close(log);

        PartitionLog reopened = logs.open(true);
        assertEquals(List.of(0L, 4L, 8L), reopened.segmentBaseOffsets());
        assertEquals(11, reopened.logEndOffset());
        assertEquals(9, reopened.highWatermark());
        assertEquals(11, reopened.recoveryPoint());
        assertEquals(0, reopened.logStartOffset());
        assertEquals(List.of(new EpochEntry(0, 0), new EpochEntry(4, 10)), reopened.leaderEpochCache().entries());
        assertEquals(10, reopened.offsetForTimestamp(500));
        assertEquals(5, reopened.offsetForTimestamp(105));
        reopened.append(TestBatches.batch("w", 600), 4);
        List<String> expected = new ArrayList<>(values(0, 10));
        expected.addAll(List.of("e0", "w0"));
        assertEquals(expected, TestLogs.readValues(reopened, 0));
    }

    @Test
    void uncleanRestartOfAnIntactLogKeepsEverything() {
        PartitionLog log = logs.open(true);
        TestLogs.appendMany(log, "v", 10, 100);
        // crash: abandoned without close, indexes untrimmed, no checkpoint ever written
        logs.abandon(log);
        PartitionLog reopened = logs.open(false);
        assertEquals(10, reopened.logEndOffset());
        assertEquals(10, reopened.recoveryPoint());
        assertEquals(values(0, 10), TestLogs.readValues(reopened, 0));
        assertEquals(7, reopened.offsetForTimestamp(107));
    }

    @Test
    void tornTailIsCutAndAppendsContinueAtTheRightOffset() throws IOException {
        logs.writeTenAndClose();
        Path active = segmentFile(logs.dir(), 8, ".log");
        List<Integer> positions = TestLogs.batchPositions(active);
        TestLogs.truncateFile(active, positions.get(1) + 20); // offset 9's batch is torn mid-header
        PartitionLog log = logs.open(false);
        assertEquals(9, log.logEndOffset());
        assertEquals(positions.get(1), (int) Files.size(active));
        assertEquals(9, log.append(TestBatches.batch("new", 1), 0).firstOffset());
        List<String> expected = new ArrayList<>(values(0, 9));
        expected.add("new0");
        assertEquals(expected, TestLogs.readValues(log, 0));
    }

    @Test
    void tornTailIsFoundEvenAfterACleanShutdown() throws IOException {
        logs.writeTenAndClose();
        Path active = segmentFile(logs.dir(), 8, ".log");
        TestLogs.truncateFile(active, Files.size(active) - 3);
        PartitionLog log = logs.open(true);
        assertEquals(9, log.logEndOffset());
        assertEquals(values(0, 9), TestLogs.readValues(log, 0));
    }

    @Test
    void damagedLastBatchIsFoundEvenAfterACleanShutdown() {
        logs.writeTenAndClose();
        Path active = segmentFile(logs.dir(), 8, ".log");
        int last = TestLogs.batchPositions(active).get(1);
        int at = last + RecordBatch.RECORDS_OFFSET + 3;
        TestLogs.overwrite(active, at, (byte) (TestLogs.byteAt(active, at) ^ 0x40));
        PartitionLog log = logs.open(true);
        assertEquals(9, log.logEndOffset());
        assertEquals(values(0, 9), TestLogs.readValues(log, 0));
    }

    @Test
    void corruptionBelowTheRecoveryPointIsTrustedAfterAnUncleanShutdown() {
        // Kafka's contract: what was fsynced below the recovery point is not re-read; only index damage shows
        logs.writeTenAndClose();
        Path first = segmentFile(logs.dir(), 0, ".log");
        int at = TestLogs.batchPositions(first).get(1) + RecordBatch.RECORDS_OFFSET + 2;
        TestLogs.overwrite(first, at, (byte) (TestLogs.byteAt(first, at) ^ 0x01));
        PartitionLog log = logs.open(false);
        assertEquals(10, log.logEndOffset());
    }

    @Test
    void deletedIndexFilesAreRebuilt() throws IOException {
        logs.writeTenAndClose();
        for (long base : List.of(0L, 4L, 8L)) {
            Files.delete(segmentFile(logs.dir(), base, ".index"));
            Files.delete(segmentFile(logs.dir(), base, ".timeindex"));
        }
        PartitionLog log = logs.open(true);
        assertEquals(10, log.logEndOffset());
        assertEquals(values(0, 10), TestLogs.readValues(log, 0));
        assertEquals(6, log.offsetForTimestamp(106));
        logs.close(log);
        // rebuilt with one entry for every batch after each segment's first, and trimmed
        assertEquals(3 * OffsetIndex.ENTRY_SIZE, Files.size(segmentFile(logs.dir(), 0, ".index")));
        assertEquals(3 * TimeIndex.ENTRY_SIZE, Files.size(segmentFile(logs.dir(), 4, ".timeindex")));
    }

    @Test
    void garbageIndexFilesAreRebuilt() throws IOException {
        logs.writeTenAndClose();
        Files.write(segmentFile(logs.dir(), 4, ".index"), new byte[] {0, 0, 0, 9, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 0});
        Files.write(segmentFile(logs.dir(), 0, ".timeindex"), new byte[] {1, 2, 3});
        PartitionLog log = logs.open(true);
        assertEquals(values(0, 10), TestLogs.readValues(log, 0));
        for (long offset = 0; offset < 10; offset++) {
            assertEquals(offset, log.read(offset, 1, Long.MAX_VALUE, true).firstOffset());
        }
        assertEquals(2, log.offsetForTimestamp(102));
    }

    @Test
    void leaderEpochsAreRebuiltFromTheBatchesWithoutTheirCheckpoint() throws IOException {
        PartitionLog log = logs.open(true);
        log.append(TestBatches.batch("a", 1, 2), 1);
        log.append(TestBatches.batch("b", 3), 2);
        log.append(TestBatches.batch("c", 4), 5);
        logs.close(log);
        Files.delete(logs.dir().resolve(LeaderEpochCheckpointFile.FILE_NAME));
        PartitionLog reopened = logs.open(true);
        assertEquals(List.of(new EpochEntry(1, 0), new EpochEntry(2, 2), new EpochEntry(5, 3)),
                reopened.leaderEpochCache().entries());
    }

    @Test
    void leaderEpochsPastATornTailAreDropped() {
        PartitionLog log = logs.open(true);
        log.append(TestBatches.batch("a", 1, 2), 1);
        log.append(TestBatches.batch("b", 3), 2);
        logs.close(log);
        Path active = segmentFile(logs.dir(), 0, ".log");
        TestLogs.truncateFile(active, TestLogs.batchPositions(active).get(1) + 5);
        PartitionLog reopened = logs.open(false);
        assertEquals(2, reopened.logEndOffset());
        assertEquals(List.of(new EpochEntry(1, 0)), reopened.leaderEpochCache().entries());
    }

    @Test
    void leftoversOfDeletionAndCheckpointingAreRemovedOnOpen() throws IOException {
        logs.writeTenAndClose();
        Files.write(logs.dir().resolve("00000000000000000002.log.deleted"), new byte[10]);
        Files.write(logs.dir().resolve("partition.checkpoint.tmp"), new byte[3]);
        Files.write(logs.dir().resolve("00000000000000000077.index"), new byte[8]);
        PartitionLog log = logs.open(true);
        assertEquals(List.of("00000000000000000000.index", "00000000000000000000.log", "00000000000000000000.timeindex",
                "00000000000000000004.index", "00000000000000000004.log", "00000000000000000004.snapshot",
                "00000000000000000004.timeindex", "00000000000000000008.index", "00000000000000000008.log",
                "00000000000000000008.snapshot", "00000000000000000008.timeindex", "00000000000000000010.snapshot",
                "leader-epoch-checkpoint", "partition.checkpoint"), TestLogs.files(log.dir()));
    }

    @Test
    void emptyLogReopensEmptyAtItsStartOffset() {
        PartitionLog log = logs.open(true);
        logs.close(log);
        PartitionLog reopened = logs.open(false);
        assertEquals(0, reopened.logEndOffset());
        assertEquals(1, reopened.segmentCount());
        assertTrue(reopened.read(0, 100, Long.MAX_VALUE, true).isEmpty());
    }

    @Test
    void checkpointRoundTripsTheOffsets() throws IOException {
        PartitionLog log = logs.open(true);
        TestLogs.appendMany(log, "v", 6, 100);
        log.updateHighWatermark(4);
        log.markFlushed(log.flush());
        log.checkpoint();
        assertEquals(new PartitionCheckpoint(6, 4, 0), PartitionCheckpoint.read(logs.dir()).orElseThrow());
        new PartitionCheckpoint(3, 2, 0).write(logs.dir());
        assertEquals(new PartitionCheckpoint(3, 2, 0), PartitionCheckpoint.read(logs.dir()).orElseThrow());
        Files.writeString(logs.dir().resolve(PartitionCheckpoint.FILE_NAME), "0\nrecovery-point x\n");
        assertTrue(PartitionCheckpoint.read(logs.dir()).isEmpty());
        Files.delete(logs.dir().resolve(PartitionCheckpoint.FILE_NAME));
        assertTrue(PartitionCheckpoint.read(logs.dir()).isEmpty());
    }
}
