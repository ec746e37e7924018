package io.spate.log;

import static io.spate.log.TestLogs.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.log.ProducerBatchRefusedException.Reason;
import io.spate.record.RecordBatch;
import io.spate.testing.MockTime;
import io.spate.testing.TestBatches;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The producer state inside {@link PartitionLog}: dedup on append, followers, snapshots, recovery, truncation. */
class PartitionLogProducerStateTest {
    private static final long PID = 7;
    private static final short EPOCH = 0;
    @TempDir
    Path tmp;
    private final MockTime clock = new MockTime(1_000_000);
    private final List<PartitionLog> opened = new ArrayList<>();

    private PartitionLog open(String name, LogConfig config, boolean clean) {
        PartitionLog log = TestLogs.open(tmp.resolve(name), config, clock, clean);
        opened.add(log);
        return log;
    }

    private PartitionLog open(LogConfig config) {
        return open("orders-0", config, true);
    }

    @AfterEach
    void closeLogs() {
        opened.forEach(PartitionLog::closeForDeletion);
    }

    /** Batch {@code i} of the producer: two records at sequences 2i, 2i+1. */
    private static ByteBuffer batch(int i) {
        return TestBatches.idempotent(PID, EPOCH, 2 * i, "v" + i + "a", "v" + i + "b");
    }

    private static void appendBatches(PartitionLog log, int from, int to) {
        for (int i = from; i < to; i++) {
            log.append(batch(i), 0);
        }
    }

    /** Segments of about two of these batches each, so snapshots are taken often. */
    private static LogConfig smallSegments() {
        return config("segment.bytes", Integer.toString(batch(0).remaining() * 2 + 10));
    }

    private static TreeSet<Long> snapshots(Path dir) throws IOException {
        return ProducerStateSnapshot.list(dir);
    }

    @Test
    void aDuplicateWritesNothingAndAnswersTheFirstOffsets() {
        PartitionLog log = open(LogConfig.defaults());
        log.append(TestBatches.batch("x", 1, 2, 3), 0); // offsets 0..2, not idempotent
        LogAppendInfo first = log.append(batch(0), 0);
        log.append(batch(1), 0);
        assertFalse(first.duplicate());
        assertEquals(3, first.firstOffset());
        long end = log.logEndOffset();
        long bytes = log.sizeInBytes();

        LogAppendInfo again = log.append(batch(0), 0);
        assertTrue(again.duplicate());
        assertEquals(3, again.firstOffset());
        assertEquals(4, again.lastOffset());
        assertEquals(0, again.validBytes());
        assertEquals(end, log.logEndOffset());
        assertEquals(bytes, log.sizeInBytes());
        assertEquals(List.of("x0", "x1", "x2", "v0a", "v0b", "v1a", "v1b"), TestLogs.readValues(log, 0));
    }

    @Test
    void aRefusedBatchWritesNothingAndLeavesTheStateAsItWas() {
        PartitionLog log = open(LogConfig.defaults());
        appendBatches(log, 0, 2);
        long end = log.logEndOffset();
        ByteBuffer gap = batch(3);
        ProducerBatchRefusedException e = assertThrows(ProducerBatchRefusedException.class, () -> log.append(gap, 0));
        assertEquals(Reason.OUT_OF_ORDER_SEQUENCE, e.reason());
        assertTrue(e.getMessage().contains("orders-0") && e.getMessage().contains("producer 7"), e.getMessage());
        assertEquals(0, new RecordBatch(gap, 0).baseOffset(), "not stamped");
        assertEquals(end, log.logEndOffset());
        assertEquals(3, log.producerState().entry(PID).lastOffset());
        // the batch that follows is still accepted
        assertFalse(log.append(batch(2), 0).duplicate());
    }

    @Test
    void anOlderEpochIsRefused() {
        PartitionLog log = open(LogConfig.defaults());
        log.append(TestBatches.idempotent(PID, (short) 3, 0, "a"), 0);
        ProducerBatchRefusedException e = assertThrows(ProducerBatchRefusedException.class,
                () -> log.append(TestBatches.idempotent(PID, (short) 2, 1, "b"), 0));
        assertEquals(Reason.INVALID_PRODUCER_EPOCH, e.reason());
        assertEquals(1, log.logEndOffset());
    }

    @Test
    void anIdempotentBatchAmongOthersIsRefusedWhole() {
        PartitionLog log = open(LogConfig.defaults());
        ByteBuffer two = TestBatches.concat(TestBatches.batch("plain", 1), batch(0));
        ProducerBatchRefusedException e = assertThrows(ProducerBatchRefusedException.class, () -> log.append(two, 0));
        assertEquals(Reason.MORE_THAN_ONE_BATCH, e.reason());
        ByteBuffer twoIdempotent = TestBatches.concat(batch(0), batch(1));
        assertEquals(Reason.MORE_THAN_ONE_BATCH,
                assertThrows(ProducerBatchRefusedException.class, () -> log.append(twoIdempotent, 0)).reason());
        assertEquals(0, log.logEndOffset());
        assertEquals(0, log.producerState().size());
        // several plain batches stay fine
        log.append(TestBatches.concat(TestBatches.batch("a", 1), TestBatches.batch("b", 2)), 0);
        assertEquals(2, log.logEndOffset());
    }

    @Test
    void aFollowerBuildsTheSameStateAndRefusesTheSameDuplicatesOnceLeader() {
        PartitionLog leader = open("leader-0", LogConfig.defaults(), true);
        appendBatches(leader, 0, 3);
        PartitionLog follower = open("follower-0", LogConfig.defaults(), true);
        follower.appendAsFollower(leader.read(0, Integer.MAX_VALUE, Long.MAX_VALUE, true).toByteBuffer());
        assertEquals(leader.producerState().entry(PID).batches(), follower.producerState().entry(PID).batches());
        LogAppendInfo retry = follower.append(batch(1), 1);
        assertTrue(retry.duplicate());
        assertEquals(2, retry.firstOffset());
        assertEquals(6, follower.logEndOffset());
    }

    @Test
    void aCleanReopenLoadsTheCloseSnapshotAndStillRefusesDuplicates() throws IOException {
        PartitionLog log = open(LogConfig.defaults());
        appendBatches(log, 0, 3);
        log.close();
        Path dir = tmp.resolve("orders-0");
        assertTrue(snapshots(dir).contains(6L), "snapshot at the log end: " + snapshots(dir));
        PartitionLog reopened = open(LogConfig.defaults());
        assertEquals(3, reopened.producerState().entry(PID).batches().size());
        LogAppendInfo retry = reopened.append(batch(2), 0);
        assertTrue(retry.duplicate());
        assertEquals(4, retry.firstOffset());
        assertEquals(Reason.OUT_OF_ORDER_SEQUENCE,
                assertThrows(ProducerBatchRefusedException.class, () -> reopened.append(batch(4), 0)).reason());
    }

    @Test
    void snapshotsAreTakenAtRollAndRecoveryReplaysOnlyAfterThem() throws IOException {
        PartitionLog log = open(smallSegments());
        appendBatches(log, 0, 9);
        Path dir = tmp.resolve("orders-0");
        TreeSet<Long> taken = snapshots(dir);
        assertFalse(taken.isEmpty());
        assertTrue(taken.size() <= ProducerStateLoader.SNAPSHOTS_KEPT, taken.toString());
        long newest = taken.last();
        assertEquals(log.segmentBaseOffsets().get(log.segmentCount() - 1), newest, "the active segment's base");
        // the snapshot holds the state as of its offset: batches below it, none above
        ProducerStateManager atRoll = ProducerStateSnapshot.read(dir, newest, "orders-0");
        assertEquals(newest - 1, atRoll.entry(PID).lastOffset());
        log.closeForDeletion(); // a crash: no snapshot at the log end
        PartitionLog reopened = open("orders-0", smallSegments(), false);
        assertEquals(17, reopened.producerState().entry(PID).lastOffset());
        assertTrue(reopened.append(batch(8), 0).duplicate());
        assertFalse(reopened.append(batch(9), 0).duplicate());
    }

    @Test
    void withoutAnySnapshotTheStateIsRebuiltFromTheLog() throws IOException {
        PartitionLog log = open(smallSegments());
        appendBatches(log, 0, 6);
        log.close();
        Path dir = tmp.resolve("orders-0");
        for (long s : snapshots(dir)) {
            Files.delete(LogFileUtils.snapshotFile(dir, s));
        }
        PartitionLog reopened = open(smallSegments());
        List<BatchMetadata> batches = reopened.producerState().entry(PID).batches();
        assertEquals(5, batches.size());
        assertEquals(new BatchMetadata(10, 11, 10, 11, TestBatches.BASE_TIME + 1), batches.get(4));
        assertTrue(reopened.append(batch(1), 0).duplicate());
    }

    @Test
    void aCorruptSnapshotIsIgnoredAndTheStateRebuiltFromTheLog() throws IOException {
        PartitionLog log = open(LogConfig.defaults());
        appendBatches(log, 0, 3);
        log.close();
        Path file = LogFileUtils.snapshotFile(tmp.resolve("orders-0"), 6);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 3] ^= 0x10; // inside a batch's offsets: only the CRC can tell
        Files.write(file, bytes);
        PartitionLog reopened = open(LogConfig.defaults());
        assertEquals(3, reopened.producerState().entry(PID).batches().size());
        assertEquals(5, reopened.producerState().entry(PID).lastOffset());
        assertTrue(reopened.append(batch(2), 0).duplicate());
        assertFalse(Files.exists(file), "the corrupt snapshot is removed");
    }

    @Test
    void truncationForgetsTheBatchesCutOff() throws IOException {
        PartitionLog log = open(smallSegments());
        appendBatches(log, 0, 9); // batch i at offsets 2i, 2i+1
        Path dir = tmp.resolve("orders-0");
        log.truncateTo(7); // the batch holding offset 7 (batch 3) goes: the log ends at 6
        assertEquals(6, log.logEndOffset());
        assertTrue(snapshots(dir).stream().allMatch(s -> s <= 6), snapshots(dir).toString());
        assertEquals(5, log.producerState().entry(PID).lastOffset());
        // batch 3 is not a duplicate any more: it is written again, where it now belongs
        LogAppendInfo rewritten = log.append(batch(3), 1);
        assertFalse(rewritten.duplicate());
        assertEquals(6, rewritten.firstOffset());
        log.truncateFullyAndStartAt(100);
        assertEquals(0, log.producerState().size());
        assertTrue(snapshots(dir).isEmpty());
    }

    @Test
    void retentionDeletesTheSnapshotsBelowTheLogStart() throws IOException {
        LogConfig c = config("segment.bytes", Integer.toString(batch(0).remaining() * 2 + 10), "retention.bytes", "1",
                "file.delete.delay.ms", "0");
        PartitionLog log = open(c);
        appendBatches(log, 0, 9);
        Path dir = tmp.resolve("orders-0");
        assertTrue(log.deleteExpiredSegments(clock.milliseconds()) > 0);
        long first = log.segmentBaseOffsets().get(0);
        assertTrue(snapshots(dir).stream().allMatch(s -> s >= first), snapshots(dir) + " vs " + first);
        assertFalse(snapshots(dir).isEmpty());
    }

    @Test
    void compactionKeepsEachProducersLastBatchSoARebuiltStateStillKnowsIt() throws IOException {
        int size = batch(0).remaining();
        LogConfig c = config("segment.bytes", Integer.toString(size * 2 + 10), "cleanup.policy", "compact",
                "file.delete.delay.ms", "0");
        PartitionLog log = open(c);
        appendBatches(log, 0, 3); // offsets 0..5, keys k0 and k1 each time
        for (int i = 0; i < 6; i++) {
            log.append(Compacted.batch(TestBatches.BASE_TIME, "k0=new" + i, "k1=new" + i), 0); // supersede them all
        }
        log.updateHighWatermark(log.logEndOffset());
        assertTrue(Compacted.clean(log).recordsRemoved() >= 6);
        assertTrue(Compacted.readAll(log).stream().noneMatch(kv -> kv.value().startsWith("v")));
        // the producer's last batch (offsets 4..5) is still there, emptied; the older two are gone
        ByteBuffer stored = log.read(4, Integer.MAX_VALUE, Long.MAX_VALUE, true).toByteBuffer();
        RecordBatch kept = new RecordBatch(stored, stored.position());
        assertEquals(4, kept.baseOffset());
        assertEquals(PID, kept.producerId());
        assertEquals(4, kept.baseSequence());
        assertEquals(0, kept.recordCount());
        assertTrue(kept.isChecksumValid());
        log.close();
        Path dir = tmp.resolve("orders-0");
        for (long s : snapshots(dir)) {
            Files.delete(LogFileUtils.snapshotFile(dir, s));
        }
        PartitionLog reopened = open(c);
        assertEquals(5, reopened.producerState().entry(PID).lastOffset());
        LogAppendInfo retry = reopened.append(batch(2), 0);
        assertTrue(retry.duplicate());
        assertEquals(4, retry.firstOffset());
        // once the producer writes again, a later pass drops the empty batch
        reopened.append(batch(3), 0);
        for (int i = 0; i < 4; i++) {
            reopened.append(Compacted.batch(TestBatches.BASE_TIME, "k0=newer" + i, "k1=newer" + i), 0);
        }
        reopened.updateHighWatermark(reopened.logEndOffset());
        Compacted.clean(reopened);
        ByteBuffer after = reopened.read(4, Integer.MAX_VALUE, Long.MAX_VALUE, true).toByteBuffer();
        assertTrue(new RecordBatch(after, after.position()).baseOffset() > 5, "the stale empty batch went");
    }

    @Test
    void expiredProducersAreForgottenAndAcceptedAtAnySequence() {
        PartitionLog log = open(LogConfig.defaults());
        appendBatches(log, 0, 2);
        clock.advance(999);
        assertEquals(0, log.producerState().removeExpired(clock.milliseconds(), 1000));
        clock.advance(1);
        assertEquals(1, log.producerState().removeExpired(clock.milliseconds(), 1000));
        assertNull(log.producerState().entry(PID));
        assertFalse(log.append(batch(7), 0).duplicate()); // a gap, but nothing is known of the producer now
    }
}
