package io.spate.log;

import static io.spate.log.TenBatchLog.values;
import static io.spate.log.TestLogs.config;
import static io.spate.log.TestLogs.segmentFile;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.record.RecordBatch;
import io.spate.testing.TestBatches;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Damage that is not a torn tail of the active segment takes the partition offline and changes no
 * byte of its segments; reads check offsets for continuity; stray segment files are set aside.
 */
class LogCorruptionTest {
    private final TenBatchLog logs;

    LogCorruptionTest(@TempDir Path tmp) {
        logs = new TenBatchLog(tmp, 10);
    }

    /** The bytes of every file in the directory, by name. */
    private Map<String, byte[]> snapshot() {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(logs.dir())) {
            for (Path f : files.toList()) {
                if (f.getFileName().toString().endsWith(".log")) {
                    out.put(f.getFileName().toString(), Files.readAllBytes(f));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private void assertUnchanged(Map<String, byte[]> before) {
        Map<String, byte[]> after = snapshot();
        assertEquals(before.keySet(), after.keySet(), "no segment file may be deleted or added");
        before.forEach((name, bytes) -> assertArrayEquals(bytes, after.get(name), name + " must not be cut or changed"));
    }

    /** Opening fails with the damage named: file, position; returns it. */
    private SegmentCorruptionException assertOpenFails(boolean clean, long base, int position) {
        LogStorageException e = assertThrows(LogStorageException.class, () -> logs.open(clean));
        SegmentCorruptionException c = assertInstanceOf(SegmentCorruptionException.class, e.getCause());
        assertEquals(segmentFile(logs.dir(), base, ".log"), c.file());
        assertEquals(position, c.position());
        return c;
    }

    private static void flipBaseOffset(Path file, int batchPosition, long newBase) {
        TestLogs.overwrite(file, batchPosition, ByteBuffer.allocate(8).putLong(0, newBase).array());
    }

    @AfterEach
    void closeLogs() {
        logs.closeAllSomeOffline();
    }

    @ParameterizedTest(name = "damage at header byte {0}")
    @ValueSource(ints = {RecordBatch.LENGTH_OFFSET, RecordBatch.MAGIC_OFFSET, RecordBatch.CRC_OFFSET + 1,
            RecordBatch.ATTRIBUTES_OFFSET + 1, RecordBatch.LAST_OFFSET_DELTA_OFFSET})
    void corruptBatchInAnEarlierSegmentTakesTheLogOfflineAndDeletesNothing(int headerByte) throws IOException {
        logs.writeTenAndClose();
        Files.delete(logs.dir().resolve(PartitionCheckpoint.FILE_NAME)); // no recovery point: scan every segment
        Path first = segmentFile(logs.dir(), 0, ".log");
        int second = TestLogs.batchPositions(first).get(1); // offset 1
        TestLogs.overwrite(first, second + headerByte, (byte) 0x7f, (byte) 0x7f);
        Map<String, byte[]> before = snapshot();
        assertOpenFails(false, 0, second);
        assertUnchanged(before);
        assertTrue(Files.exists(segmentFile(logs.dir(), 8, ".index")));
    }

    @Test
    void corruptOldSegmentWhoseIndexWasDeletedIsNotCutAfterACleanShutdown() throws IOException {
        // the case: recovery rebuilt the index, met the bad batch and cut it and two later segments
        logs.writeTenAndClose();
        Path first = segmentFile(logs.dir(), 0, ".log");
        Files.delete(segmentFile(logs.dir(), 0, ".index"));
        int at = TestLogs.batchPositions(first).get(2) + RecordBatch.RECORDS_OFFSET + 2;
        TestLogs.overwrite(first, at, (byte) (TestLogs.byteAt(first, at) ^ 0x10));
        Map<String, byte[]> before = snapshot();
        SegmentCorruptionException c = assertOpenFails(true, 0, TestLogs.batchPositions(first).get(2));
        assertTrue(c.reason().contains("CRC"), c.reason());
        assertUnchanged(before);
    }

    @Test
    void damagedBatchFollowedByAnIntactOneInTheLastSegmentIsNotATornTail() {
        PartitionLog log = logs.open(true);
        TestLogs.appendMany(log, "v", 11, 100); // last segment 8: offsets 8, 9, 10
        logs.close(log);
        Path active = segmentFile(logs.dir(), 8, ".log");
        int middle = TestLogs.batchPositions(active).get(1); // offset 9
        int at = middle + RecordBatch.RECORDS_OFFSET + 2;
        TestLogs.overwrite(active, at, (byte) (TestLogs.byteAt(active, at) ^ 0x01));
        Map<String, byte[]> before = snapshot();
        assertOpenFails(false, 8, middle);
        assertUnchanged(before);
    }

    @Test
    void lengthDamagedToRunPastTheEndIsNotATornTailWhenIntactBatchesFollow() {
        PartitionLog log = logs.open(true);
        TestLogs.appendMany(log, "v", 11, 100);
        logs.close(log);
        Path active = segmentFile(logs.dir(), 8, ".log");
        int middle = TestLogs.batchPositions(active).get(1);
        TestLogs.overwrite(active, middle + RecordBatch.LENGTH_OFFSET, (byte) 0x00, (byte) 0x10);
        Map<String, byte[]> before = snapshot();
        assertOpenFails(false, 8, middle);
        assertUnchanged(before);
    }

    @Test
    void zerosAfterTheLastBatchAreATornTail() throws IOException {
        logs.writeTenAndClose();
        Path active = segmentFile(logs.dir(), 8, ".log");
        long size = Files.size(active);
        TestLogs.overwrite(active, size + 4095, (byte) 0); // the file grew by zeros that were never written
        PartitionLog log = logs.open(false);
        assertEquals(10, log.logEndOffset());
        assertEquals(size, Files.size(active));
        assertEquals(values(0, 10), TestLogs.readValues(log, 0));
    }

    @Test
    void halfWrittenLastBatchFollowedByZerosIsATornTail() throws IOException {
        logs.writeTenAndClose();
        Path active = segmentFile(logs.dir(), 8, ".log");
        int last = TestLogs.batchPositions(active).get(1);
        long size = Files.size(active);
        byte[] zeros = new byte[(int) (size - last - RecordBatch.HEADER_SIZE)];
        TestLogs.overwrite(active, last + RecordBatch.HEADER_SIZE, zeros); // its records never reached the disk
        PartitionLog log = logs.open(false);
        assertEquals(9, log.logEndOffset());
        assertEquals(last, Files.size(active));
    }

    @Test
    void flippedBaseOffsetInAnOldSegmentIsCaughtByTheRead() {
        PartitionLog log = logs.open(true);
        TestLogs.appendMany(log, "v", 10, 100);
        log.updateHighWatermark(10);
        Path first = segmentFile(logs.dir(), 0, ".log");
        // the disk flips a bit of offset 2's baseOffset, outside the CRC, while the log is open: it claims 3
        flipBaseOffset(first, TestLogs.batchPositions(first).get(2), 2 | 1);
        LogStorageException e = assertThrows(LogStorageException.class, () -> TestLogs.readAll(log, 0));
        SegmentCorruptionException c = assertInstanceOf(SegmentCorruptionException.class, e.getCause());
        assertEquals(first, c.file());
        assertEquals(TestLogs.batchPositions(first).get(2), (int) c.position());
        assertTrue(log.isOffline());
        // a read in one go from the start refuses too, rather than handing out offsets 0, 1, 3, 3
        assertThrows(LogStorageException.class, () -> log.read(0, 1 << 20, Long.MAX_VALUE, true));
        // the batches before it are still served one by one
        assertEquals(List.of("v0-0", "v1-0"), List.of(
                TestBatches.records(log.read(0, 1, Long.MAX_VALUE, true).toByteBuffer()).get(0).value(),
                TestBatches.records(log.read(1, 1, Long.MAX_VALUE, true).toByteBuffer()).get(0).value()));
    }

    @Test
    void flippedBaseOffsetOfASegmentsLastBatchIsCaughtByTheRead() {
        PartitionLog log = logs.open(true);
        TestLogs.appendMany(log, "v", 10, 100);
        Path first = segmentFile(logs.dir(), 0, ".log");
        // offset 3, the last of segment 0, claims 7: still in order, but outside the segment's range
        flipBaseOffset(first, TestLogs.batchPositions(first).get(3), 3 | 4);
        assertThrows(LogStorageException.class, () -> TestLogs.readAll(log, 0));
        assertThrows(LogStorageException.class, () -> log.read(3, 1 << 20, Long.MAX_VALUE, true));
    }

    @Test
    void flippedBaseOffsetIsCaughtWhenTheSegmentIsScanned() throws IOException {
        logs.writeTenAndClose();
        Files.delete(logs.dir().resolve(PartitionCheckpoint.FILE_NAME)); // no recovery point: scan every segment
        Path first = segmentFile(logs.dir(), 0, ".log");
        int at = TestLogs.batchPositions(first).get(1);
        flipBaseOffset(first, at, 1 | 2); // offset 1 claims 3: a gap in a log that is never compacted
        Map<String, byte[]> before = snapshot();
        assertTrue(assertOpenFails(false, 0, at).reason().contains("gap"));
        assertUnchanged(before);
    }

    @Test
    void readOfACompactedLogRefusesOffsetsGoingBack() {
        LogConfig compact = config("segment.bytes", Integer.toString(TestLogs.batchSize("v0-") * 4),
                "index.interval.bytes", "0", "cleanup.policy", "compact");
        PartitionLog log = TestLogs.open(logs.dir(), compact, logs.clock(), true);
        TestLogs.appendMany(log, "v", 10, 100);
        log.close();
        Path first = segmentFile(logs.dir(), 0, ".log");
        flipBaseOffset(first, TestLogs.batchPositions(first).get(1), 2); // 0, 2, 2, 3: 2 twice
        PartitionLog reopened = logs.open(compact, true);
        assertThrows(LogStorageException.class, () -> TestLogs.readAll(reopened, 0));
    }

    @Test
    void strayEmptySegmentFileIsSetAsideAndDoesNotMoveTheLogEnd() throws IOException {
        logs.writeTenAndClose();
        Path stray = segmentFile(logs.dir(), 999_999, ".log");
        Files.createFile(stray);
        PartitionLog log = logs.open(true);
        assertEquals(10, log.logEndOffset());
        assertEquals(List.of(0L, 4L, 8L), log.segmentBaseOffsets());
        assertFalse(Files.exists(stray));
        assertTrue(Files.exists(stray.resolveSibling(stray.getFileName() + LogLoader.STRAY_SUFFIX)));
        assertEquals(10, log.append(TestBatches.batch("n", 1), 0).firstOffset());
    }

    @Test
    void strayEmptySegmentFileIsSetAsideAfterAnUncleanShutdownToo() throws IOException {
        logs.writeTenAndClose();
        Files.createFile(segmentFile(logs.dir(), 999_999, ".log"));
        PartitionLog log = logs.open(false);
        assertEquals(10, log.logEndOffset());
    }

    @Test
    void legitimateEmptyActiveSegmentIsKept() throws IOException {
        logs.writeTenAndClose();
        Files.createFile(segmentFile(logs.dir(), 10, ".log")); // a roll just before a crash
        PartitionLog log = logs.open(false);
        assertEquals(List.of(0L, 4L, 8L, 10L), log.segmentBaseOffsets());
        assertEquals(10, log.logEndOffset());
    }

    @Test
    void copiedSegmentWithDataPastTheEndTakesTheLogOffline() throws IOException {
        logs.writeTenAndClose();
        Files.copy(segmentFile(logs.dir(), 4, ".log"), segmentFile(logs.dir(), 999_999, ".log"));
        Map<String, byte[]> before = snapshot();
        assertOpenFails(true, 999_999, 0);
        assertUnchanged(before);
    }

    @Test
    void unknownFilesAreLeftAlone() throws IOException {
        logs.writeTenAndClose();
        Path notes = logs.dir().resolve("operator-notes.txt");
        Files.writeString(notes, "moved 0.log aside");
        PartitionLog log = logs.open(true);
        assertEquals(10, log.logEndOffset());
        assertTrue(Files.exists(notes));
    }

    @Test
    void unloadableLogRefusesReadsAndWritesAndClosesQuietly() {
        LogStorageException failure = new LogStorageException("orders-0", logs.dir(), "open", new IOException("damaged"));
        PartitionLog log = PartitionLog.unloadable(logs.dir(), "orders", 0, logs.config(), logs.clock(), failure);
        assertTrue(log.isOffline());
        assertEquals(failure, assertThrows(LogStorageException.class, () -> log.read(0, 100, Long.MAX_VALUE, true)));
        assertEquals(failure, assertThrows(LogStorageException.class, () -> log.append(TestBatches.batch("x", 1), 0)));
        assertEquals(failure, assertThrows(LogStorageException.class, log::checkpoint));
        log.close();
    }
}
