package io.spate.log;

import static io.spate.log.TestLogs.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.log.ProducerBatchRefusedException.Reason;
import io.spate.record.ControlRecord;
import io.spate.record.RecordBatch;
import io.spate.testing.MockTime;
import io.spate.testing.TestBatches;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transactions inside {@link PartitionLog}: transactional batches, markers and their fencing, the last
 * stable offset, the aborted transaction index, and how followers, recovery, snapshots and truncation
 * rebuild them.
 */
class PartitionLogTransactionsTest {
    private static final long P1 = 7;
    private static final long P2 = 8;
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

    private PartitionLog open() {
        return open("orders-0", LogConfig.defaults(), true);
    }

    @AfterEach
    void closeLogs() {
        opened.forEach(PartitionLog::closeForDeletion);
    }

    private static ByteBuffer txn(long pid, int seq, String... values) {
        return TestBatches.transactional(pid, EPOCH, seq, values);
    }

    /** Appends and moves the high watermark to the log end (as a sole leader whose writes are fsynced). */
    private static LogAppendInfo append(PartitionLog log, ByteBuffer batch) {
        LogAppendInfo info = log.append(batch, 0);
        log.updateHighWatermark(log.logEndOffset());
        return info;
    }

    private static LogAppendInfo marker(PartitionLog log, long pid, boolean commit, int coordinatorEpoch) {
        LogAppendInfo info = log.transactions().appendMarker(pid, EPOCH, commit, coordinatorEpoch, 0);
        log.updateHighWatermark(log.logEndOffset());
        return info;
    }

    /**
     * The layout most tests use: 0-1 plain, 2-3 P1's transaction, 4 P2's transaction, 5 P1's ABORT, 6 P2's
     * data, 7 P2's COMMIT, 8-9 P1's next transaction (left open).
     */
    private static void writeMixed(PartitionLog log) {
        append(log, TestBatches.batch("plain", 1, 2));
        append(log, txn(P1, 0, "a1", "a2"));
        append(log, txn(P2, 0, "b1"));
        marker(log, P1, false, 3);
        append(log, txn(P2, 1, "b2"));
        marker(log, P2, true, 3);
        append(log, txn(P1, 2, "c1", "c2"));
    }

    @Test
    void aTransactionalBatchOpensATransactionThatHoldsTheLastStableOffset() {
        PartitionLog log = open();
        append(log, TestBatches.batch("plain", 1, 2));
        assertEquals(2, log.transactions().lastStableOffset(), "no transaction: the high watermark");
        append(log, txn(P1, 0, "a1", "a2"));
        append(log, TestBatches.batch("later", 3));
        assertEquals(5, log.highWatermark());
        assertEquals(2, log.transactions().lastStableOffset(), "the open transaction's first offset");
        assertEquals(2, log.producerState().entry(P1).currentTxnFirstOffset());
        append(log, txn(P1, 2, "a3"));
        assertEquals(2, log.transactions().lastStableOffset(), "a second batch of the transaction does not move it");

        LogAppendInfo commit = marker(log, P1, true, 0);
        assertEquals(6, commit.firstOffset());
        assertEquals(-1, log.producerState().entry(P1).currentTxnFirstOffset());
        assertEquals(log.highWatermark(), log.transactions().lastStableOffset());
        log.updateHighWatermark(3);
        assertEquals(3, log.transactions().lastStableOffset(), "never above the high watermark");
    }

    @Test
    void theLastStableOffsetIsTheOldestOpenTransaction() {
        PartitionLog log = open();
        append(log, txn(P1, 0, "a"));
        append(log, txn(P2, 0, "b"));
        assertEquals(0, log.transactions().lastStableOffset());
        marker(log, P1, true, 0);
        assertEquals(1, log.transactions().lastStableOffset(), "P2's transaction is now the oldest");
        marker(log, P2, false, 0);
        assertEquals(4, log.transactions().lastStableOffset());
        assertEquals(0, log.producerState().ongoingTxnCount());
    }

    @Test
    void aPlainBatchOfAProducerInATransactionIsRefusedAndNothingIsWritten() {
        PartitionLog log = open();
        append(log, txn(P1, 0, "a"));
        long end = log.logEndOffset();
        ProducerBatchRefusedException e = assertThrows(ProducerBatchRefusedException.class,
                () -> log.append(TestBatches.idempotent(P1, EPOCH, 1, "plain"), 0));
        assertEquals(Reason.INVALID_TXN_STATE, e.reason());
        assertEquals(end, log.logEndOffset());
        marker(log, P1, true, 0);
        append(log, TestBatches.idempotent(P1, EPOCH, 1, "plain")); // after the marker it may
        assertEquals(end + 2, log.logEndOffset());
    }

    @Test
    void markersOfAnOldProducerEpochOrCoordinatorEpochAreFenced() {
        PartitionLog log = open();
        append(log, TestBatches.transactional(P1, (short) 3, 0, "a"));
        log.transactions().appendMarker(P1, (short) 3, true, 5, 0);
        long end = log.logEndOffset();
        ProducerBatchRefusedException epoch = assertThrows(ProducerBatchRefusedException.class,
                () -> log.transactions().appendMarker(P1, (short) 2, false, 5, 0));
        assertEquals(Reason.INVALID_PRODUCER_EPOCH, epoch.reason());
        ProducerBatchRefusedException coordinator = assertThrows(ProducerBatchRefusedException.class,
                () -> log.transactions().appendMarker(P1, (short) 3, false, 4, 0));
        assertEquals(Reason.TRANSACTION_COORDINATOR_FENCED, coordinator.reason());
        assertEquals(end, log.logEndOffset(), "nothing written");
        assertEquals(5, log.producerState().entry(P1).coordinatorEpoch());

        // a newer producer epoch's marker (the coordinator fencing the producer) bumps the epoch here
        log.transactions().appendMarker(P1, (short) 4, false, 6, 0);
        assertEquals(4, log.producerState().entry(P1).epoch());
        assertThrows(ProducerBatchRefusedException.class, () -> log.append(TestBatches.transactional(P1, (short) 3, 1, "z"), 0));
    }

    @Test
    void aMarkerWithNoOpenTransactionIsStillWritten() {
        PartitionLog log = open();
        LogAppendInfo info = marker(log, P1, false, 0);
        assertEquals(0, info.firstOffset());
        assertEquals(1, log.logEndOffset());
        // an abort of nothing: indexed with its own offset as first offset, as Kafka does
        assertEquals(List.of(new AbortedTxn(P1, 0, 0, 1)), log.transactions().abortedTxns(0, 1));
    }

    @Test
    void theControlBatchIsKafkasMarkerLayout() {
        PartitionLog log = open();
        append(log, txn(P1, 0, "a"));
        marker(log, P1, false, 9);
        ByteBuffer stored = log.read(1, 1000, Long.MAX_VALUE, true).toByteBuffer();
        RecordBatch b = new RecordBatch(stored, 0);
        assertTrue(b.isControl());
        assertTrue(b.isTransactional());
        assertEquals(P1, b.producerId());
        assertEquals(-1, b.baseSequence());
        assertEquals(1, b.recordCount());
        assertTrue(b.isChecksumValid());
        assertEquals(new ControlRecord(false, 9), ControlRecord.read(stored, 0));
        byte[] key = b.records().get(0).key();
        assertEquals(ByteBuffer.wrap(new byte[] {0, 0, 0, 0}), ByteBuffer.wrap(key), "version 0, type 0 (ABORT)");
    }

    @Test
    void anAbortIsIndexedInItsSegmentsTxnIndexFile() throws IOException {
        PartitionLog log = open();
        writeMixed(log);
        Path file = TestLogs.segmentFile(log.dir(), 0, ".txnindex");
        assertTrue(Files.exists(file));
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file));
        assertEquals(34, bytes.remaining(), "one entry: only the abort");
        assertEquals(0, bytes.getShort());
        assertEquals(P1, bytes.getLong());
        assertEquals(2, bytes.getLong());
        assertEquals(5, bytes.getLong());
        assertEquals(4, bytes.getLong(), "P2's transaction was still open at the abort");

        AbortedTxn p1 = new AbortedTxn(P1, 2, 5, 4);
        assertEquals(List.of(p1), log.transactions().abortedTxns(0, 3));
        assertEquals(List.of(p1), log.transactions().abortedTxns(5, 8));
        assertEquals(List.of(), log.transactions().abortedTxns(6, 8), "its marker is below the fetch offset");
        assertEquals(List.of(), log.transactions().abortedTxns(0, 2), "it starts at the fetch's end");
    }

    @Test
    void recoveryFromTheLogRebuildsTheTransactionsAndTheIndex() throws IOException {
        PartitionLog log = open();
        writeMixed(log);
        List<AbortedTxn> before = log.transactions().abortedTxns(0, 100);
        log.close();
        for (long offset : ProducerStateSnapshot.list(log.dir())) {
            ProducerStateSnapshot.delete(log.dir(), offset);
        }
        Files.delete(TestLogs.segmentFile(log.dir(), 0, ".txnindex"));

        PartitionLog reopened = open("orders-0", LogConfig.defaults(), false);
        reopened.updateHighWatermark(reopened.logEndOffset());
        assertEquals(8, reopened.transactions().lastStableOffset(), "P1's second transaction is open again");
        assertEquals(8, reopened.producerState().entry(P1).currentTxnFirstOffset());
        assertEquals(3, reopened.producerState().entry(P2).coordinatorEpoch());
        assertEquals(before, reopened.transactions().abortedTxns(0, 100), "the index entry is rebuilt");
        assertTrue(Files.exists(TestLogs.segmentFile(log.dir(), 0, ".txnindex")));
    }

    @Test
    void aSnapshotKeepsOpenTransactionsAndCoordinatorEpochs() {
        PartitionLog log = open();
        writeMixed(log);
        log.close(); // a clean close snapshots at the log end: the next open replays nothing
        PartitionLog reopened = open("orders-0", LogConfig.defaults(), true);
        ProducerStateEntry p1 = reopened.producerState().entry(P1);
        assertEquals(8, p1.currentTxnFirstOffset());
        assertEquals(3, p1.coordinatorEpoch());
        assertEquals(1, reopened.producerState().ongoingTxnCount());
        assertEquals(-1, reopened.producerState().entry(P2).currentTxnFirstOffset());
        reopened.updateHighWatermark(reopened.logEndOffset());
        assertEquals(8, reopened.transactions().lastStableOffset());
    }

    @Test
    void aVersion1SnapshotIsStillRead() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("v1"));
        ByteBuffer buf = ByteBuffer.allocate(18 + 8 + 2 + 8 + 1 + 32);
        buf.putShort((short) 1).putInt(0).putLong(40).putInt(1);
        buf.putLong(P1).putShort((short) 2).putLong(123).put((byte) 1);
        buf.putInt(0).putInt(4).putLong(30).putLong(34).putLong(999);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(buf.array(), 6, buf.capacity() - 6);
        buf.putInt(2, (int) crc.getValue());
        Files.write(LogFileUtils.snapshotFile(dir, 40), buf.array());

        ProducerStateManager state = ProducerStateSnapshot.read(dir, 40, "v1-0");
        ProducerStateEntry e = state.entry(P1);
        assertEquals(2, e.epoch());
        assertEquals(4, e.lastSequence());
        assertEquals(999, e.lastTimestamp());
        assertEquals(-1, e.currentTxnFirstOffset());
        assertEquals(-1, e.coordinatorEpoch());
    }

    @Test
    void aFollowerAppliesTheSameTransactionsAndIndexesItsAborts() {
        PartitionLog leader = open();
        writeMixed(leader);
        PartitionLog follower = open("follower-0", LogConfig.defaults(), true);
        follower.appendAsFollower(leader.read(0, Integer.MAX_VALUE, Long.MAX_VALUE, true).toByteBuffer());
        follower.updateHighWatermark(follower.logEndOffset());
        assertEquals(leader.logEndOffset(), follower.logEndOffset());
        assertEquals(8, follower.transactions().lastStableOffset());
        assertEquals(leader.transactions().abortedTxns(0, 100), follower.transactions().abortedTxns(0, 100));
        assertEquals(3, follower.producerState().entry(P1).coordinatorEpoch());
        assertTrue(Files.exists(TestLogs.segmentFile(follower.dir(), 0, ".txnindex")));
    }

    @Test
    void truncationDropsTheIndexEntriesAndReopensTheTransaction() {
        PartitionLog log = open();
        writeMixed(log);
        log.truncateTo(5); // cuts P1's ABORT and everything after
        log.updateHighWatermark(log.logEndOffset());
        assertEquals(List.of(), log.transactions().abortedTxns(0, 100));
        assertEquals(2, log.producerState().entry(P1).currentTxnFirstOffset(), "P1's first transaction is open again");
        assertEquals(2, log.transactions().lastStableOffset());
        assertEquals(4, log.producerState().entry(P2).currentTxnFirstOffset());
    }

    @Test
    void theTxnIndexGoesWithItsSegmentOnRetention() throws IOException {
        PartitionLog log = open("orders-0", config("retention.bytes", "1", "segment.bytes", "400",
                "file.delete.delay.ms", "60000"), true);
        writeMixed(log);
        for (int i = 0; i < 6; i++) {
            append(log, TestBatches.batch("pad" + i, 10));
        }
        assertTrue(log.segmentCount() > 2);
        Path txnIndex = TestLogs.segmentFile(log.dir(), log.segmentBaseOffsets().stream()
                .filter(b -> Files.exists(TestLogs.segmentFile(log.dir(), b, ".txnindex"))).findFirst().orElseThrow(),
                ".txnindex");
        assertTrue(log.deleteExpiredSegments(clock.milliseconds()) > 0);
        assertFalse(Files.exists(txnIndex));
        assertTrue(Files.exists(txnIndex.resolveSibling(txnIndex.getFileName() + ".deleted")), "kept for file.delete.delay.ms");
        clock.advance(60_001);
        log.deleteExpiredSegments(clock.milliseconds());
        assertFalse(Files.exists(txnIndex.resolveSibling(txnIndex.getFileName() + ".deleted")));
    }

    @Test
    void compactionDropsAbortedRecordsKeepsMarkersAndStopsAtTheLastStableOffset() {
        PartitionLog log = open("orders-0", config("cleanup.policy", "compact", "segment.bytes", "61"), true);
        // one batch per segment: offsets 0 (P1 aborted "k0"), 1 (P2 committed "k0"), 2 abort, 3 commit, 4 open
        append(log, txn(P1, 0, "aborted"));
        append(log, txn(P2, 0, "committed"));
        marker(log, P1, false, 0);
        marker(log, P2, true, 0);
        append(log, txn(P1, 1, "open"));
        append(log, TestBatches.batch("tail", 5));
        assertEquals(4, log.transactions().lastStableOffset());
        CleanerStats stats = Compacted.clean(log);
        assertEquals(1, stats.recordsRemoved(), "only the aborted record: keys k0 of P2 and P1's open one stay");
        List<Long> offsets = new ArrayList<>();
        for (long next = 0; next < log.logEndOffset(); ) {
            LogReadResult r = log.read(next, 1, Long.MAX_VALUE, true);
            RecordBatch b = new RecordBatch(r.toByteBuffer(), 0);
            offsets.add(b.baseOffset());
            next = b.nextOffset();
        }
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), offsets, "the markers (2, 3) stay; the open transaction (4) is not cleaned");
        assertEquals(List.of(new AbortedTxn(P1, 0, 2, 1)), log.transactions().abortedTxns(0, 100),
                "the swapped-in segment keeps its index");
    }

    @Test
    void anAbortedRecordHidesNoCommittedValueAndTheRewrittenSegmentKeepsItsIndex() {
        ByteBuffer committed = txn(P2, 0, "committed");   // 0: key k0
        ByteBuffer aborted = txn(P1, 0, "aborted");       // 1: key k0 again, newer but aborted
        int markerBytes = new ControlRecord(true, 0).toBatch(P1, EPOCH, 0).remaining();
        int firstSegment = committed.remaining() + aborted.remaining() + 2 * markerBytes;
        PartitionLog log = open("orders-0", config("cleanup.policy", "compact", "segment.bytes",
                Integer.toString(firstSegment)), true);
        append(log, committed);
        append(log, aborted);
        marker(log, P1, false, 0);                         // 2
        marker(log, P2, true, 0);                          // 3: the first segment is full
        append(log, txn(P1, 1, "open"));                   // 4, in the second segment
        assertEquals(List.of(0L, 4L), log.segmentBaseOffsets());
        CleanerStats stats = Compacted.clean(log);
        assertEquals(1, stats.segmentsRewritten());
        List<io.spate.testing.TestRecord> left = TestLogs.readAll(log, 0);
        assertEquals(List.of(0L, 2L, 3L, 4L), left.stream().map(io.spate.testing.TestRecord::offset).toList(),
                "the aborted record (1) goes, not the committed value it would hide; the markers stay");
        assertEquals("committed", left.get(0).value());
        assertEquals(List.of(new AbortedTxn(P1, 1, 2, 0)), log.transactions().abortedTxns(0, 100),
                "the rewritten segment keeps its index");
        assertTrue(Files.exists(TestLogs.segmentFile(log.dir(), 0, ".txnindex")));
    }

    @Test
    void theCleanerKeepsAnOpenTransactionsSegmentsAndThoseAfter() {
        PartitionLog log = open("orders-0", config("cleanup.policy", "compact", "segment.bytes", "61"), true);
        append(log, txn(P1, 0, "open"));
        append(log, TestBatches.batch("x", 5));
        append(log, TestBatches.batch("x", 6)); // same key "k0": would supersede offset 1 if cleanable
        append(log, TestBatches.batch("y", 7));
        assertEquals(0, log.transactions().lastStableOffset());
        assertEquals(null, log.prepareCleaning(CleanerPass.DEFAULT_MAX_KEYS), "nothing below the last stable offset");
        marker(log, P1, true, 0);
        assertNotNull(log.prepareCleaning(CleanerPass.DEFAULT_MAX_KEYS));
    }
}
