package io.spate.log;

import static io.spate.log.TestLogs.config;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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

/** {@link PartitionLog#appendAsFollower}: bytes kept as the leader wrote them, the checks, the epoch cache. */
class PartitionLogFollowerTest {
    @TempDir
    Path tmp;
    private final MockTime clock = new MockTime(1_000_000);
    private final List<PartitionLog> opened = new ArrayList<>();

    private PartitionLog open(String dirName, LogConfig config) {
        PartitionLog log = TestLogs.open(tmp.resolve(dirName), config, clock, true);
        opened.add(log);
        return log;
    }

    @AfterEach
    void closeLogs() {
        opened.forEach(PartitionLog::close);
    }

    private static LogConfig threeBatchSegments() {
        return config("segment.bytes", Integer.toString(TestLogs.batchSize("v0-") * 3), "index.interval.bytes", "0",
                "file.delete.delay.ms", "0");
    }

    /** A leader log with one single-record batch per epoch given, as produce requests leave it. */
    private PartitionLog leaderWith(LogConfig config, int... epochs) {
        PartitionLog leader = open("leader-0", config);
        for (int i = 0; i < epochs.length; i++) {
            leader.append(TestBatches.batch("v" + i + "-", 100 + i), epochs[i]);
        }
        return leader;
    }

    /** Every stored batch of {@code log} from {@code from} on, back to back, as a fetch would copy them. */
    private static ByteBuffer storedBatches(PartitionLog log, long from) {
        List<ByteBuffer> parts = new ArrayList<>();
        long next = from;
        while (next < log.logEndOffset()) {
            ByteBuffer b = log.read(next, Integer.MAX_VALUE, Long.MAX_VALUE, true).toByteBuffer();
            parts.add(b);
            RecordBatch last = lastBatch(b);
            next = last.nextOffset();
        }
        return TestBatches.concat(parts.toArray(ByteBuffer[]::new));
    }

    private static RecordBatch lastBatch(ByteBuffer buf) {
        RecordBatch b = new RecordBatch(buf, buf.position());
        while (b.position() + b.sizeInBytes() < buf.limit()) {
            b = new RecordBatch(buf, b.position() + b.sizeInBytes());
        }
        return b;
    }

    private static byte[] bytes(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertSameSegments(PartitionLog leader, PartitionLog follower) {
        assertEquals(leader.segmentBaseOffsets(), follower.segmentBaseOffsets());
        for (long base : leader.segmentBaseOffsets()) {
            assertArrayEquals(bytes(TestLogs.segmentFile(leader.dir(), base, ".log")),
                    bytes(TestLogs.segmentFile(follower.dir(), base, ".log")), "segment " + base);
        }
        assertEquals(leader.leaderEpochCache().entries(), follower.leaderEpochCache().entries());
        assertEquals(leader.logEndOffset(), follower.logEndOffset());
    }

    @Test
    void followerSegmentsAreByteIdenticalToTheLeadersAcrossRollsWhenCopiedFetchByFetch() {
        PartitionLog leader = leaderWith(threeBatchSegments(), 0, 0, 0, 1, 1, 4, 4, 4);
        PartitionLog follower = open("follower-0", threeBatchSegments());
        while (follower.logEndOffset() < leader.logEndOffset()) {
            ByteBuffer fetched = leader.read(follower.logEndOffset(), 200, Long.MAX_VALUE, true).toByteBuffer();
            follower.appendAsFollower(fetched);
        }
        assertEquals(List.of(0L, 3L, 6L), leader.segmentBaseOffsets());
        assertSameSegments(leader, follower);
    }

    @Test
    void oneAppendOfManyBatchesRollsWhereTheLeaderRolled() {
        PartitionLog leader = leaderWith(threeBatchSegments(), 0, 0, 0, 0, 2, 2, 2, 3, 3, 3);
        PartitionLog follower = open("follower-0", threeBatchSegments());
        LogAppendInfo info = follower.appendAsFollower(storedBatches(leader, 0));
        assertEquals(0, info.firstOffset());
        assertEquals(9, info.lastOffset());
        assertEquals(10, info.batchCount());
        assertEquals(-1, info.logAppendTime());
        assertEquals(109, info.maxTimestamp());
        assertEquals(9, info.offsetOfMaxTimestamp());
        assertEquals(List.of(0L, 3L, 6L, 9L), follower.segmentBaseOffsets());
        assertSameSegments(leader, follower);
        assertEquals(TestLogs.readAll(leader, 0), TestLogs.readAll(follower, 0));
    }

    @Test
    void controlAndTransactionalBatchesOfTheLeaderAreCopied() {
        // clients may not produce them (BatchValidator), but a follower keeps whatever its leader stored
        PartitionLog leader = open("leader-0", config());
        leader.append(TestBatches.raw((short) RecordBatch.TRANSACTIONAL_FLAG_MASK, 0, 100, 100, 1,
                TestBatches.section(TestBatches.randomRecords(new java.util.Random(1), 1))), 0);
        leader.append(TestBatches.raw((short) (RecordBatch.TRANSACTIONAL_FLAG_MASK | RecordBatch.CONTROL_FLAG_MASK), 0, 100, 100, 1,
                TestBatches.section(TestBatches.randomRecords(new java.util.Random(2), 1))), 0);
        PartitionLog follower = open("follower-0", config());
        follower.appendAsFollower(storedBatches(leader, 0));
        assertSameSegments(leader, follower);
        assertEquals(2, follower.logEndOffset());
    }

    @Test
    void storedBytesAreNotRestampedEvenOnALogAppendTimeTopic() {
        LogConfig appendTime = config("message.timestamp.type", "LogAppendTime");
        PartitionLog leader = leaderWith(appendTime, 7, 7);
        clock.advance(60_000);
        PartitionLog follower = open("follower-0", appendTime);
        follower.appendAsFollower(storedBatches(leader, 0));
        assertSameSegments(leader, follower);
    }

    @Test
    void epochCacheHoldsTheFirstOffsetOfEachEpochFromTheBatchHeaders() {
        PartitionLog leader = leaderWith(config(), 0, 0, 3, 5);
        PartitionLog follower = open("follower-0", config());
        follower.appendAsFollower(storedBatches(leader, 0));
        assertEquals(List.of(new EpochEntry(0, 0), new EpochEntry(3, 2), new EpochEntry(5, 3)),
                follower.leaderEpochCache().entries());
        assertEquals(5, follower.leaderEpochCache().latestEpoch());
        assertEquals(new EpochEndOffset(3, 3), follower.leaderEpochCache().endOffsetFor(3));
        assertEquals(new EpochEndOffset(5, 4), follower.leaderEpochCache().endOffsetFor(5));
    }

    private void assertRefusedAndUnchanged(PartitionLog follower, ByteBuffer payload, FollowerAppendException.Reason reason) {
        long end = follower.logEndOffset();
        long size = follower.sizeInBytes();
        List<EpochEntry> epochs = follower.leaderEpochCache().entries();
        FollowerAppendException e = assertThrows(FollowerAppendException.class, () -> follower.appendAsFollower(payload));
        assertEquals(reason, e.reason(), e.getMessage());
        assertEquals("orders-0", e.partition());
        assertEquals(end, follower.logEndOffset());
        assertEquals(size, follower.sizeInBytes());
        assertEquals(epochs, follower.leaderEpochCache().entries());
    }

    @Test
    void aGapIsRefusedAndTheLogIsUnchanged() {
        PartitionLog leader = leaderWith(config(), 0, 0, 1, 1);
        PartitionLog follower = open("follower-0", config());
        follower.appendAsFollower(leader.read(0, 1, Long.MAX_VALUE, true).toByteBuffer());
        assertRefusedAndUnchanged(follower, storedBatches(leader, 2), FollowerAppendException.Reason.GAP);
        ByteBuffer holeInside = TestBatches.concat(leader.read(1, 1, Long.MAX_VALUE, true).toByteBuffer(),
                storedBatches(leader, 3));
        assertRefusedAndUnchanged(follower, holeInside, FollowerAppendException.Reason.GAP);
        assertEquals(1, follower.logEndOffset());
    }

    @Test
    void anOverlapIsRefusedAndTheLogIsUnchanged() {
        PartitionLog leader = leaderWith(config(), 0, 0, 1);
        PartitionLog follower = open("follower-0", config());
        follower.appendAsFollower(storedBatches(leader, 0));
        assertRefusedAndUnchanged(follower, storedBatches(leader, 2), FollowerAppendException.Reason.OVERLAP);
        ByteBuffer twice = TestBatches.concat(storedBatches(leader, 2), storedBatches(leader, 2));
        PartitionLog second = open("follower-1", config());
        second.appendAsFollower(storedBatches(leader, 0).limit(2 * TestLogs.batchSize("v0-")));
        assertRefusedAndUnchanged(second, twice, FollowerAppendException.Reason.OVERLAP);
    }

    @Test
    void aCorruptCrcIsRefusedAndTheLogIsUnchanged() {
        PartitionLog leader = leaderWith(config(), 0, 0);
        PartitionLog follower = open("follower-0", config());
        ByteBuffer batches = storedBatches(leader, 0);
        int lastByte = batches.limit() - 1;
        batches.put(lastByte, (byte) (batches.get(lastByte) ^ 0x40));
        assertRefusedAndUnchanged(follower, batches, FollowerAppendException.Reason.CORRUPT);
        assertEquals(0, follower.sizeInBytes());
    }

    @Test
    void bytesThatAreNotWholeBatchesAreRefused() {
        PartitionLog leader = leaderWith(config(), 0, 0);
        PartitionLog follower = open("follower-0", config());
        ByteBuffer cut = storedBatches(leader, 0);
        cut.limit(cut.limit() - 5);
        assertRefusedAndUnchanged(follower, cut, FollowerAppendException.Reason.NOT_BATCHES);
        assertRefusedAndUnchanged(follower, ByteBuffer.allocate(0), FollowerAppendException.Reason.NOT_BATCHES);
    }

    @Test
    void anEpochGoingBackwardsIsRefused() {
        PartitionLog leader = leaderWith(config(), 4, 4);
        PartitionLog older = open("older-0", config());
        older.append(TestBatches.batch("a", 1), 0);
        older.append(TestBatches.batch("b", 1), 0);
        older.append(TestBatches.batch("c", 1), 2);
        PartitionLog follower = open("follower-0", config());
        follower.appendAsFollower(storedBatches(leader, 0));
        assertRefusedAndUnchanged(follower, storedBatches(older, 2), FollowerAppendException.Reason.EPOCH_BACKWARDS);
    }

    @Test
    void aCompactedLogAcceptsGapsLeftByTheLeadersCleaner() {
        LogConfig compacted = config("cleanup.policy", "compact");
        PartitionLog leader = leaderWith(compacted, 0, 0, 0, 1);
        PartitionLog follower = open("follower-0", compacted);
        ByteBuffer withHoles = TestBatches.concat(leader.read(1, 1, Long.MAX_VALUE, true).toByteBuffer(),
                leader.read(3, 1, Long.MAX_VALUE, true).toByteBuffer());
        LogAppendInfo info = follower.appendAsFollower(withHoles);
        assertEquals(1, info.firstOffset());
        assertEquals(3, info.lastOffset());
        assertEquals(4, follower.logEndOffset());
        assertEquals(List.of("v1-0", "v3-0"), TestLogs.readValues(follower, 1));
        assertEquals(List.of(new EpochEntry(0, 1), new EpochEntry(1, 3)), follower.leaderEpochCache().entries());
    }

    @Test
    void truncateToDropsTheEpochsOfTheDroppedBatches() {
        PartitionLog log = leaderWith(threeBatchSegments(), 0, 0, 3, 3, 5, 5, 6);
        log.truncateTo(4);
        assertEquals(List.of(new EpochEntry(0, 0), new EpochEntry(3, 2)), log.leaderEpochCache().entries());
        log.truncateTo(2);
        assertEquals(List.of(new EpochEntry(0, 0)), log.leaderEpochCache().entries());
        assertEquals(new EpochEndOffset(0, 2), log.leaderEpochCache().endOffsetFor(0));
    }

    @Test
    void truncateToTheLogEndDropsAnEpochStartedThereWithoutData() {
        PartitionLog log = leaderWith(config(), 0, 0);
        log.leaderEpochCache().assign(3, log.logEndOffset()); // became leader at epoch 3, wrote nothing
        log.truncateTo(log.logEndOffset());
        assertEquals(2, log.logEndOffset());
        assertEquals(List.of(new EpochEntry(0, 0)), log.leaderEpochCache().entries());
    }

    @Test
    void truncateThenAppendAsFollowerContinuesFromTheDivergencePoint() {
        PartitionLog newLeader = leaderWith(threeBatchSegments(), 0, 0, 2, 2, 2);
        PartitionLog follower = open("follower-0", threeBatchSegments());
        follower.appendAsFollower(storedBatches(newLeader, 0).limit(2 * TestLogs.batchSize("v0-")));
        follower.append(TestBatches.batch("x2-", 1), 1); // written under epoch 1 by an old leader
        follower.append(TestBatches.batch("x3-", 1), 1);
        assertEquals(List.of(new EpochEntry(0, 0), new EpochEntry(1, 2)), follower.leaderEpochCache().entries());
        follower.truncateTo(newLeader.leaderEpochCache().endOffsetFor(1).endOffset());
        assertEquals(2, follower.logEndOffset());
        assertEquals(List.of(new EpochEntry(0, 0)), follower.leaderEpochCache().entries());
        follower.appendAsFollower(storedBatches(newLeader, 2));
        assertSameSegments(newLeader, follower);
        assertEquals(List.of("v0-0", "v1-0", "v2-0", "v3-0", "v4-0"), TestLogs.readValues(follower, 0));
    }

    @Test
    void truncateFullyAndStartAtEmptiesTheLogAndFollowsFromThere() {
        PartitionLog leader = leaderWith(threeBatchSegments(), 0, 0, 0, 1, 1, 1, 2);
        PartitionLog follower = open("follower-0", threeBatchSegments());
        follower.appendAsFollower(storedBatches(leader, 0).limit(TestLogs.batchSize("v0-")));
        follower.updateHighWatermark(1);
        follower.truncateFullyAndStartAt(3);
        assertEquals(3, follower.logStartOffset());
        assertEquals(3, follower.logEndOffset());
        assertEquals(3, follower.highWatermark());
        assertEquals(3, follower.recoveryPoint());
        assertEquals(List.of(), follower.leaderEpochCache().entries());
        assertEquals(List.of(3L), follower.segmentBaseOffsets());
        follower.appendAsFollower(storedBatches(leader, 3));
        assertEquals(List.of("v3-0", "v4-0", "v5-0", "v6-0"), TestLogs.readValues(follower, 3));
        assertEquals(List.of(new EpochEntry(1, 3), new EpochEntry(2, 6)), follower.leaderEpochCache().entries());
    }
}
