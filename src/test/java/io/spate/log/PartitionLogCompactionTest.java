package io.spate.log;

import static io.spate.log.TestLogs.config;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.log.Compacted.Kv;
import io.spate.record.CompressionType;
import io.spate.record.RecordBatch;
import io.spate.testing.MockTime;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Compaction: newest value per key, offsets kept, tombstones after delete.retention.ms, crash safety. */
class PartitionLogCompactionTest {
    private static final long T0 = 1_000_000;
    private static final int PER_SEGMENT = 10;
    @TempDir
    Path tmp;
    private final MockTime clock = new MockTime(T0);
    private final List<PartitionLog> opened = new ArrayList<>();
    private final int batch = Compacted.batch(T0, "k0=v000").remaining();

    private Path dir() {
        return tmp.resolve("orders-0");
    }

    private PartitionLog open(boolean clean, String... overrides) {
        List<String> kv = new ArrayList<>(List.of("segment.bytes", Integer.toString(batch * PER_SEGMENT),
                "cleanup.policy", "compact", "file.delete.delay.ms", "0"));
        kv.addAll(List.of(overrides));
        PartitionLog log = TestLogs.open(dir(), config(kv.toArray(String[]::new)), clock, clean);
        opened.add(log);
        return log;
    }

    @AfterEach
    void closeLogs() {
        opened.forEach(PartitionLog::close);
    }

    /** {@code count} single-record batches, key k(i % keys), value v(i); returns what was written. */
    private List<Kv> write(PartitionLog log, int count, int keys) {
        List<Kv> written = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long offset = log.logEndOffset();
            String key = "k" + (i % keys);
            String value = String.format("v%03d", i);
            log.append(Compacted.batch(clock.milliseconds(), key + "=" + value), 0);
            written.add(new Kv(offset, key, value));
        }
        log.updateHighWatermark(log.logEndOffset());
        return written;
    }

    private long activeBase(PartitionLog log) {
        List<Long> bases = log.segmentBaseOffsets();
        return bases.get(bases.size() - 1);
    }

    @Test
    void newestValuePerKeySurvivesAtItsOffsetAndTheActiveSegmentIsUntouched() throws Exception {
        PartitionLog log = open(true);
        List<Kv> written = write(log, 95, 5);
        long active = activeBase(log);
        assertEquals(90, active);
        byte[] activeBytes = Files.readAllBytes(TestLogs.segmentFile(dir(), active, ".log"));

        CleanerStats stats = Compacted.clean(log);

        assertEquals(Compacted.expected(written, active), Compacted.readAll(log));
        assertEquals(9, stats.segmentsCleaned());
        assertEquals(85, stats.recordsRemoved());
        assertEquals(0, log.logStartOffset());
        assertEquals(95, log.logEndOffset());
        assertArrayEquals(activeBytes, Files.readAllBytes(TestLogs.segmentFile(dir(), active, ".log")));
        assertEquals(0, Compacted.clean(log).recordsRemoved(), "a second pass finds nothing");
        assertFalse(TestLogs.files(dir()).stream().anyMatch(f -> f.endsWith(".swap") || f.endsWith(".cleaned")));
    }

    @Test
    void emptiedSegmentsLeaveTheLogButTheFirstStaysAndReadsSkipTheGaps() throws Exception {
        PartitionLog log = open(true);
        List<Kv> written = write(log, 95, 5);
        Compacted.clean(log);
        // keys k0..k4 are last written at 85..89: segments 10..70 hold nothing newer and go
        assertEquals(List.of(0L, 80L, 90L), log.segmentBaseOffsets());
        assertEquals(0, Files.size(TestLogs.segmentFile(dir(), 0, ".log")), "the first segment stays, empty");
        assertEquals(85, log.read(0, 1, Long.MAX_VALUE, true).firstOffset());
        LogReadResult atGap = log.read(3, 1000, Long.MAX_VALUE, true);
        assertEquals(85, atGap.firstOffset(), "a fetch at a compacted-away offset gets the next batch");
        LogReadResult inSegment = log.read(82, 1000, Long.MAX_VALUE, true);
        assertEquals(85, inSegment.firstOffset());
        assertEquals(written.subList(85, 95), Compacted.readAll(log));
    }

    @Test
    void notBelowTheHighWatermarkIsNotCleaned() {
        PartitionLog log = open(true);
        write(log, 35, 5);
        log.updateHighWatermark(15);
        CleanerStats stats = Compacted.clean(log);
        assertEquals(1, stats.segmentsCleaned(), "only segment 0 lies wholly below the high watermark");
    }

    @Test
    void aLogWithoutCompactIsNeverCleaned() {
        PartitionLog log = open(true, "cleanup.policy", "delete");
        write(log, 35, 5);
        assertNull(log.prepareCleaning(CleanerPass.DEFAULT_MAX_KEYS));
        assertEquals(35, Compacted.readAll(log).size());
    }

    @Test
    void tombstonesStayUntilDeleteRetentionThenGoWithEveryOlderValue() {
        PartitionLog log = open(true, "delete.retention.ms", "5000");
        log.append(Compacted.batch(T0, "a=1", "b=1"), 0);
        log.append(Compacted.batch(T0, "a="), 0); // tombstone for a at offset 2
        clock.advance(1000);
        write(log, 30, 3); // k0..k2, rolls the tombstone's segment closed
        Compacted.clean(log);
        List<Kv> after = Compacted.readAll(log);
        assertTrue(after.contains(new Kv(2, "a", null)), "the tombstone stays within delete.retention.ms");
        assertTrue(after.contains(new Kv(1, "b", "1")));
        assertFalse(after.contains(new Kv(0, "a", "1")), "the value it deletes is gone");

        clock.advance(4000); // tombstone batch timestamp T0; now T0 + 5000: not yet more than 5000 ms old
        Compacted.clean(log);
        assertTrue(Compacted.readAll(log).contains(new Kv(2, "a", null)));
        clock.advance(1);
        Compacted.clean(log);
        List<Kv> last = Compacted.readAll(log);
        assertFalse(last.stream().anyMatch(kv -> "a".equals(kv.key())), "tombstone gone after its retention");
        assertTrue(last.contains(new Kv(1, "b", "1")));
    }

    @Test
    void recordsWithoutAKeyAreKept() {
        PartitionLog log = open(true);
        log.append(Compacted.batch(T0, "=x", "k=1", "=y"), 0);
        log.append(Compacted.batch(T0, "k=2"), 0);
        write(log, 20, 2);
        Compacted.clean(log);
        List<Kv> after = Compacted.readAll(log);
        assertEquals(new Kv(0, null, "x"), after.get(0));
        assertEquals(new Kv(2, null, "y"), after.get(1));
        assertFalse(after.contains(new Kv(1, "k", "1")));
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void rebuiltBatchesKeepCodecOffsetsEpochAndTimestamps(CompressionType codec) {
        PartitionLog log = open(true, "segment.bytes", "1000000");
        log.append(Compacted.batch(codec, T0, "a=1", "b=1", "c=1", "a=2"), 7);
        log.append(Compacted.batch(codec, T0 + 5, "b=2"), 7);
        log.append(Compacted.batch(codec, T0 + 9, "z=1"), 8);
        log.updateHighWatermark(log.logEndOffset());
        // roll by age so the two batches lie in a closed segment
        clock.advance(LogConfig.DEFAULT_SEGMENT_MS + 1);
        log.append(Compacted.batch(codec, T0 + 10, "c=2"), 8);
        log.updateHighWatermark(log.logEndOffset());
        assertEquals(List.of(0L, 6L), log.segmentBaseOffsets());

        Compacted.clean(log);

        ByteBuffer bytes = log.read(0, 1 << 20, Long.MAX_VALUE, false).toByteBuffer();
        List<RecordBatch> batches = new ArrayList<>();
        RecordBatch.batches(bytes).forEach(batches::add);
        assertEquals(3, batches.size(), "the batch holding only b=2 survives, whole");
        RecordBatch first = batches.get(0);
        assertTrue(first.isChecksumValid());
        assertEquals(codec, first.compressionType());
        assertEquals(0, first.baseOffset());
        assertEquals(3, first.lastOffset(), "the batch keeps its offset range");
        assertEquals(7, first.partitionLeaderEpoch());
        assertEquals(List.of(new Kv(2, "c", "1"), new Kv(3, "a", "2")),
                first.records().stream().map(Compacted::kv).toList());
        assertEquals(T0, first.records().get(0).timestamp());
        assertEquals(List.of(new Kv(4, "b", "2")), batches.get(1).records().stream().map(Compacted::kv).toList());
    }

    @Test
    void compactDeleteAppliesRetentionAndCompaction() {
        PartitionLog log = open(true, "cleanup.policy", "compact,delete", "retention.ms", "10000");
        write(log, 20, 5);
        clock.advance(20_000);
        write(log, 25, 5);
        assertEquals(2, log.deleteExpiredSegments(clock.milliseconds()), "retention drops the old segments");
        assertEquals(20, log.logStartOffset());
        List<Kv> before = Compacted.readAll(log);
        Compacted.clean(log);
        assertEquals(Compacted.expected(before, activeBase(log)), Compacted.readAll(log));
        assertEquals(20, log.logStartOffset());
    }

    @Test
    void aReadTakenBeforeTheSwapStillReadsTheOldBytes() {
        PartitionLog log = open(true, "file.delete.delay.ms", "60000");
        List<Kv> written = write(log, 25, 5);
        CleanerPass pass = log.prepareCleaning(CleanerPass.DEFAULT_MAX_KEYS);
        LogReadResult before = log.read(0, 1 << 20, Long.MAX_VALUE, false);
        pass.run();
        LogReadResult during = log.read(0, 1 << 20, Long.MAX_VALUE, false);
        List<Kv> appended = write(log, 3, 5); // the owner keeps appending while the worker cleans
        log.completeCleaning(pass);
        LogReadResult after = log.read(0, 1 << 20, Long.MAX_VALUE, false);

        assertEquals(written.subList(0, 10), kvs(before.toByteBuffer()));
        assertEquals(written.subList(0, 10), kvs(during.toByteBuffer()));
        assertEquals(15, after.firstOffset(), "segment 0 is empty now: the read goes on to the next batch");
        List<Kv> all = new ArrayList<>(written);
        all.addAll(appended);
        assertEquals(Compacted.expected(all, 20), Compacted.readAll(log));
    }

    @Test
    void completingAnotherPassOrTwoPassesAtOnceIsRefused() {
        PartitionLog log = open(true);
        write(log, 25, 5);
        CleanerPass pass = log.prepareCleaning(CleanerPass.DEFAULT_MAX_KEYS);
        assertNull(log.prepareCleaning(CleanerPass.DEFAULT_MAX_KEYS), "one pass at a time");
        PartitionLog other = TestLogs.open(tmp.resolve("other-0"), log.config(), clock, true);
        opened.add(other);
        assertThrows(IllegalArgumentException.class, () -> other.completeCleaning(pass));
        pass.run();
        log.completeCleaning(pass);
        assertThrows(IllegalArgumentException.class, () -> log.completeCleaning(pass));
    }

    @Test
    void aPassWhoseSegmentsWereDeletedMeanwhileFailsAndLeavesTheLogOnline() {
        PartitionLog log = open(true, "cleanup.policy", "compact,delete", "retention.ms", "1000");
        write(log, 25, 5);
        CleanerPass pass = log.prepareCleaning(CleanerPass.DEFAULT_MAX_KEYS);
        clock.advance(10_000);
        write(log, 1, 5);
        assertEquals(2, log.deleteExpiredSegments(clock.milliseconds())); // closes their files at once (delay 0)
        pass.run();
        LogStorageException e = assertThrows(LogStorageException.class, () -> log.completeCleaning(pass));
        assertTrue(e.getMessage().contains("orders-0"), e.getMessage());
        assertFalse(log.isOffline());
        assertFalse(TestLogs.files(dir()).stream().anyMatch(f -> f.endsWith(".swap") || f.endsWith(".cleaned")));
        assertEquals(6, Compacted.readAll(log).size());
    }

    @Test
    void aPassOfALogClosedMeanwhileStopsAndLeavesNoFiles() {
        PartitionLog log = open(true);
        write(log, 25, 5);
        CleanerPass pass = log.prepareCleaning(CleanerPass.DEFAULT_MAX_KEYS);
        log.close();
        pass.run();
        assertTrue(pass.failure() != null);
        assertFalse(TestLogs.files(dir()).stream().anyMatch(f -> f.endsWith(".swap") || f.endsWith(".cleaned")));
        assertThrows(LogStorageException.class, () -> log.completeCleaning(pass));
    }

    @Test
    void strayCleanedFilesAreDeletedOnOpen() throws Exception {
        PartitionLog log = open(false);
        List<Kv> written = write(log, 25, 5);
        log.close();
        Files.write(TestLogs.segmentFile(dir(), 0, ".log.cleaned"), new byte[] {1, 2, 3});
        PartitionLog reopened = open(false);
        assertFalse(TestLogs.files(dir()).contains("00000000000000000000.log.cleaned"));
        assertEquals(written, Compacted.readAll(reopened));
    }

    @Test
    void aCrashBeforeTheSwapIsCompletedByRecovery() throws Exception {
        PartitionLog log = open(false);
        List<Kv> written = write(log, 25, 5);
        CleanerPass pass = log.prepareCleaning(CleanerPass.DEFAULT_MAX_KEYS);
        pass.run(); // the worker finished: .swap files exist; the owner never swapped them in
        assertTrue(TestLogs.files(dir()).contains("00000000000000000010.log.swap"));
        log.close();
        PartitionLog reopened = open(false);
        assertEquals(Compacted.expected(written, 20), Compacted.readAll(reopened));
        assertFalse(TestLogs.files(dir()).stream().anyMatch(f -> f.endsWith(".swap")));
    }

    @Test
    void aCrashMidSwapIsCompletedByRecovery() throws Exception {
        PartitionLog log = open(false);
        List<Kv> written = write(log, 25, 5);
        CleanerPass pass = log.prepareCleaning(CleanerPass.DEFAULT_MAX_KEYS);
        pass.run();
        log.close();
        // the state after step 1 of a swap: old files renamed .deleted, the .swap not yet renamed
        for (String suffix : List.of(".log", ".index", ".timeindex")) {
            Path f = TestLogs.segmentFile(dir(), 10, suffix);
            Files.move(f, Path.of(f + ".deleted"));
        }
        PartitionLog reopened = open(false);
        assertEquals(Compacted.expected(written, 20), Compacted.readAll(reopened));
        assertEquals(List.of(0L, 10L, 20L), reopened.segmentBaseOffsets());
    }

    @Test
    void aCleanedLogReopensWithTheSameRecordsAndOffsets() {
        PartitionLog log = open(false);
        List<Kv> written = write(log, 95, 5);
        Compacted.clean(log);
        List<Kv> cleaned = Compacted.readAll(log);
        log.close();
        for (boolean clean : new boolean[] {true, false}) {
            PartitionLog reopened = open(clean);
            assertEquals(cleaned, Compacted.readAll(reopened));
            assertEquals(95, reopened.logEndOffset());
            assertEquals(0, reopened.logStartOffset());
            reopened.close();
        }
        assertEquals(Compacted.expected(written, 90), cleaned);
    }

    @Test
    void aKeyMapTooSmallForEveryKeyNeverDropsANewestValue() {
        PartitionLog log = open(true);
        List<Kv> written = write(log, 95, 20);
        CleanerPass pass = log.prepareCleaning(3);
        pass.run();
        log.completeCleaning(pass);
        List<Kv> after = Compacted.readAll(log);
        for (Kv kv : Compacted.expected(written, 90)) {
            assertTrue(after.contains(kv), "newest " + kv + " kept");
        }
        assertTrue(after.size() < written.size(), "the keys the map held were still compacted");
        assertTrue(pass.recordsMapped() > 0);
    }

    @Test
    void anOfflineLogIsNotCleaned() {
        PartitionLog log = open(true);
        write(log, 25, 5);
        log.close();
        assertNull(log.prepareCleaning(CleanerPass.DEFAULT_MAX_KEYS));
        assertSame(CleanerStats.NOTHING, Compacted.clean(log));
    }

    private static List<Kv> kvs(ByteBuffer buf) {
        List<Kv> out = new ArrayList<>();
        for (RecordBatch b : RecordBatch.batches(buf)) {
            b.records().forEach(r -> out.add(Compacted.kv(r)));
        }
        return out;
    }
}
