package io.spate.log;

import static io.spate.log.TestLogs.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.record.CompressionType;
import io.spate.record.RecordBatch;
import io.spate.testing.MockTime;
import io.spate.testing.TestBatches;
import io.spate.testing.TestRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Appending, reading, rolling and timestamp lookups of a {@link PartitionLog}. */
class PartitionLogTest {
    @TempDir
    Path tmp;
    private final MockTime clock = new MockTime(1_000_000);
    private final List<PartitionLog> opened = new ArrayList<>();

    private PartitionLog open(LogConfig config) {
        PartitionLog log = TestLogs.open(tmp.resolve("orders-0"), config, clock, true);
        opened.add(log);
        return log;
    }

    @AfterEach
    void closeLogs() {
        opened.forEach(PartitionLog::close);
    }

    @Test
    void appendAssignsConsecutiveOffsetsAndStampsBatchesInPlace() {
        PartitionLog log = open(LogConfig.defaults());
        ByteBuffer first = TestBatches.batch("a", 10, 11, 12);
        LogAppendInfo info = log.append(first, 7);
        assertEquals(0, info.firstOffset());
        assertEquals(2, info.lastOffset());
        assertEquals(12, info.maxTimestamp());
        assertEquals(-1, info.logAppendTime());
        assertEquals(first.remaining(), info.validBytes());
        RecordBatch stamped = new RecordBatch(first, 0);
        assertEquals(0, stamped.baseOffset());
        assertEquals(7, stamped.partitionLeaderEpoch());
        assertTrue(stamped.isChecksumValid());

        ByteBuffer two = TestBatches.concat(TestBatches.batch("b", 20), TestBatches.batch("c", 30, 31));
        LogAppendInfo second = log.append(two, 7);
        assertEquals(3, second.firstOffset());
        assertEquals(5, second.lastOffset());
        assertEquals(2, second.batchCount());
        assertEquals(6, log.logEndOffset());
        assertEquals(List.of("a0", "a1", "a2", "b0", "c0", "c1"), TestLogs.readValues(log, 0));
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L),
                TestLogs.readAll(log, 0).stream().map(TestRecord::offset).toList());
    }

    @Test
    void appendOfBytesThatAreNotWholeBatchesChangesNothing() {
        PartitionLog log = open(LogConfig.defaults());
        ByteBuffer good = TestBatches.batch("a", 1);
        ByteBuffer torn = TestBatches.concat(good, TestBatches.batch("b", 2));
        torn.limit(torn.limit() - 3);
        assertThrows(IllegalArgumentException.class, () -> log.append(torn, 0));
        assertEquals(0, new RecordBatch(torn, 0).baseOffset());
        assertEquals(-1, new RecordBatch(torn, 0).partitionLeaderEpoch());
        ByteBuffer badMagic = TestBatches.batch("a", 1);
        badMagic.put(RecordBatch.MAGIC_OFFSET, (byte) 1);
        assertThrows(IllegalArgumentException.class, () -> log.append(badMagic, 0));
        assertThrows(IllegalArgumentException.class, () -> log.append(ByteBuffer.allocate(0), 0));
        assertEquals(0, log.logEndOffset());
        assertEquals(0, log.sizeInBytes());
    }

    @Test
    void readsAcrossSegmentsStartFromTheBatchHoldingTheOffset() {
        int size = TestBatches.batch("v0-", 1, 2).remaining();
        PartitionLog log = open(config("segment.bytes", Integer.toString(size * 2), "index.interval.bytes", "0"));
        for (int i = 0; i < 10; i++) {
            log.append(TestBatches.batch("v" + i + "-", i, i), 0);
        }
        assertEquals(5, log.segmentCount());
        assertEquals(List.of(0L, 4L, 8L, 12L, 16L), log.segmentBaseOffsets());
        for (long offset = 0; offset < 20; offset++) {
            LogReadResult r = log.read(offset, Integer.MAX_VALUE, Long.MAX_VALUE, false);
            assertEquals(offset - offset % 2, r.firstOffset());
            List<TestRecord> records = TestBatches.records(r.toByteBuffer());
            assertEquals(offset - offset % 2, records.get(0).offset());
            // a read never crosses a segment
            assertEquals(4 - (offset % 4) + (offset % 2), records.size());
        }
        assertEquals(20, TestLogs.readAll(log, 0).size());
    }

    @Test
    void readHonoursMaxBytesAndMinOneBatch() {
        PartitionLog log = open(LogConfig.defaults());
        for (int i = 0; i < 3; i++) {
            log.append(TestBatches.batch("v" + i + "-", 1, 2), 0);
        }
        int size = TestBatches.batch("v0-", 1, 2).remaining();
        assertEquals(2 * size, log.read(0, 2 * size + size / 2, Long.MAX_VALUE, false).sizeInBytes());
        assertEquals(3 * size, log.read(0, 3 * size, Long.MAX_VALUE, false).sizeInBytes());
        assertTrue(log.read(0, size - 1, Long.MAX_VALUE, false).isEmpty());
        LogReadResult one = log.read(2, 1, Long.MAX_VALUE, true);
        assertEquals(size, one.sizeInBytes());
        assertEquals(2, one.firstOffset());
        assertEquals(List.of("v1-0", "v1-1"), TestBatches.values(one.toByteBuffer()));
    }

    @Test
    void readNeverReturnsABatchStartingAtOrPastMaxOffsetExclusive() {
        PartitionLog log = open(LogConfig.defaults());
        for (int i = 0; i < 3; i++) {
            log.append(TestBatches.batch("v" + i + "-", 1, 2), 0);
        }
        assertEquals(List.of("v0-0", "v0-1"), TestBatches.values(log.read(0, 1 << 20, 2, true).toByteBuffer()));
        // a batch that straddles the limit starts below it, so it is served
        assertEquals(4, TestBatches.records(log.read(0, 1 << 20, 3, true).toByteBuffer()).size());
        assertTrue(log.read(2, 1 << 20, 2, true).isEmpty());
        assertTrue(log.read(0, 1 << 20, 0, true).isEmpty());
    }

    @Test
    void readSelectsTheSameBatchesWhateverTheIndexDensity() {
        PartitionLog dense = TestLogs.open(tmp.resolve("dense-0"), config("index.interval.bytes", "0"), clock, true);
        PartitionLog sparse = TestLogs.open(tmp.resolve("sparse-0"), config("index.interval.bytes", "1000000"), clock, true);
        opened.add(dense);
        opened.add(sparse);
        for (int i = 0; i < 60; i++) {
            long[] ts = new long[1 + i % 3];
            for (PartitionLog log : List.of(dense, sparse)) {
                log.append(TestBatches.batch("v" + i + "-", ts), 0);
            }
        }
        assertTrue(dense.logEndOffset() > 100);
        for (long start = 0; start < dense.logEndOffset(); start += 7) {
            for (int maxBytes : new int[] {0, 50, 100, 333, 1000, 5000}) {
                for (long hw : new long[] {start, start + 1, start + 10, start + 40, Long.MAX_VALUE}) {
                    for (boolean minOne : new boolean[] {false, true}) {
                        LogReadResult d = dense.read(start, maxBytes, hw, minOne);
                        LogReadResult s = sparse.read(start, maxBytes, hw, minOne);
                        String what = "start " + start + " max " + maxBytes + " hw " + hw + " minOne " + minOne;
                        assertEquals(s.position(), d.position(), what);
                        assertEquals(s.sizeInBytes(), d.sizeInBytes(), what);
                        ByteBuffer bytes = d.toByteBuffer();
                        int batches = 0;
                        for (int pos = 0; pos < bytes.limit(); pos += new RecordBatch(bytes, pos).sizeInBytes()) {
                            assertTrue(new RecordBatch(bytes, pos).baseOffset() < hw, what);
                            batches++;
                        }
                        assertTrue(d.sizeInBytes() <= maxBytes || (minOne && batches == 1), what);
                    }
                }
            }
        }
    }

    @Test
    void readOutsideTheLogIsOutOfRangeAndAtTheEndIsEmpty() {
        PartitionLog log = open(LogConfig.defaults());
        log.append(TestBatches.batch("v", 1, 2), 0);
        OffsetOutOfRangeException e = assertThrows(OffsetOutOfRangeException.class,
                () -> log.read(3, 100, Long.MAX_VALUE, true));
        assertEquals(3, e.requestedOffset());
        assertEquals(0, e.logStartOffset());
        assertEquals(2, e.logEndOffset());
        assertThrows(OffsetOutOfRangeException.class, () -> log.read(-1, 100, Long.MAX_VALUE, true));
        assertTrue(log.read(2, 100, Long.MAX_VALUE, true).isEmpty());
    }

    @Test
    void readResultServesTheSameBytesByChannelAndByCopy() throws IOException {
        PartitionLog log = open(LogConfig.defaults());
        ByteBuffer appended = TestBatches.concat(TestBatches.batch("a", 1), TestBatches.batch("b", 2));
        log.append(appended, 3);
        LogReadResult r = log.read(0, 1 << 20, Long.MAX_VALUE, false);
        ByteBuffer viaChannel = ByteBuffer.allocate(r.sizeInBytes());
        r.channel().read(viaChannel, r.position());
        assertEquals(appended.rewind(), viaChannel.flip());
        ByteBuffer copy = ByteBuffer.allocate(r.sizeInBytes() + 10);
        copy.position(10);
        r.copyTo(copy);
        assertEquals(r.sizeInBytes() + 10, copy.position());
        assertEquals(appended.rewind(), copy.flip().position(10));
        assertThrows(IllegalArgumentException.class, () -> r.copyTo(ByteBuffer.allocate(r.sizeInBytes() - 1)));
    }

    @Test
    void rollsBeforeASegmentWouldPassSegmentBytes() {
        int size = TestLogs.batchSize("v0-");
        PartitionLog log = open(config("segment.bytes", Integer.toString(size * 3 + size / 2)));
        TestLogs.appendMany(log, "v", 7, 100);
        assertEquals(List.of(0L, 3L, 6L), log.segmentBaseOffsets());
        // a batch larger than segment.bytes still fits in an empty segment of its own
        log.append(TestBatches.batch("x".repeat(size * 5), 100), 0);
        log.append(TestBatches.batch("w", 100), 0);
        assertEquals(List.of(0L, 3L, 6L, 7L, 8L), log.segmentBaseOffsets());
        assertEquals(9, TestLogs.readAll(log, 0).size());
    }

    @Test
    void rollsWhenTheActiveSegmentIsOlderThanSegmentMs() {
        PartitionLog log = open(config("segment.ms", "1000"));
        log.append(TestBatches.batch("a", 5), 0);
        clock.advance(1000);
        log.append(TestBatches.batch("b", 5), 0);
        assertEquals(1, log.segmentCount());
        clock.advance(1);
        log.append(TestBatches.batch("c", 5), 0);
        assertEquals(List.of(0L, 2L), log.segmentBaseOffsets());
        clock.advance(999);
        log.append(TestBatches.batch("d", 5), 0);
        assertEquals(2, log.segmentCount());
        clock.advance(5000);
        assertEquals(2, log.segmentCount(), "time alone never rolls; the next append does");
    }

    @Test
    void rollsWhenTheIndexIsFull() {
        // 24 bytes: three offset-index entries but two time-index entries; with interval 0 every batch
        // but a segment's first is indexed, so the time index is full after three batches
        PartitionLog log = open(config("segment.index.bytes", "24", "index.interval.bytes", "0"));
        TestLogs.appendMany(log, "v", 7, 100);
        assertEquals(List.of(0L, 3L, 6L), log.segmentBaseOffsets());
        assertEquals(7, TestLogs.readAll(log, 0).size());
    }

    @Test
    void offsetForTimestampFindsTheFirstRecordAtOrAfterIt() {
        int size = TestBatches.batch("v", 0, 0).remaining();
        PartitionLog log = open(config("segment.bytes", Integer.toString(size * 3), "index.interval.bytes", "0"));
        // batches: [0,1] ts 100,130 | [2,3] ts 120,140 | [4,5] ts 200,150 | [6,7] ts 300,310 | ...
        long[][] ts = {{100, 130}, {120, 140}, {200, 150}, {300, 310}, {305, 400}, {500, 501}};
        for (long[] t : ts) {
            log.append(TestBatches.batch("v", t), 0);
        }
        assertTrue(log.segmentCount() > 1);
        assertEquals(0, log.offsetForTimestamp(0));
        assertEquals(0, log.offsetForTimestamp(100));
        assertEquals(1, log.offsetForTimestamp(101));
        assertEquals(1, log.offsetForTimestamp(130));
        assertEquals(3, log.offsetForTimestamp(131));
        assertEquals(4, log.offsetForTimestamp(141));
        assertEquals(6, log.offsetForTimestamp(201));
        assertEquals(7, log.offsetForTimestamp(301));
        assertEquals(9, log.offsetForTimestamp(311));
        assertEquals(11, log.offsetForTimestamp(501));
        assertEquals(-1, log.offsetForTimestamp(502));
        assertEquals(new TimestampOffset(310, 7), log.findOffsetByTimestamp(301).orElseThrow());
    }

    @Test
    void offsetForTimestampInsideACompressedBatchIsExact() {
        PartitionLog log = open(LogConfig.defaults());
        log.append(TestBatches.batch("a", 10, 20), 0);
        log.append(TestBatches.batch(CompressionType.GZIP, "g", 30, 40, 50), 0);
        assertEquals(4, log.offsetForTimestamp(45));
        assertEquals(3, log.offsetForTimestamp(40));
        assertEquals(2, log.offsetForTimestamp(21));
        assertEquals(-1, log.offsetForTimestamp(51));
    }

    @Test
    void logAppendTimeStampsTheBrokerClockAndKeepsTheCrcValid() {
        PartitionLog log = open(config("message.timestamp.type", "LogAppendTime"));
        ByteBuffer batch = TestBatches.batch("a", 10, 20, 30);
        LogAppendInfo info = log.append(batch, 2);
        assertEquals(clock.milliseconds(), info.logAppendTime());
        assertEquals(clock.milliseconds(), info.maxTimestamp());
        RecordBatch stamped = new RecordBatch(batch, 0);
        assertTrue(stamped.isLogAppendTime());
        assertEquals(clock.milliseconds(), stamped.baseTimestamp());
        assertEquals(clock.milliseconds(), stamped.maxTimestamp());
        assertTrue(stamped.isChecksumValid());

        ByteBuffer stored = log.read(0, 1 << 20, Long.MAX_VALUE, true).toByteBuffer();
        for (org.apache.kafka.common.record.RecordBatch kb
                : org.apache.kafka.common.record.MemoryRecords.readableRecords(stored).batches()) {
            kb.ensureValid();
            assertEquals(org.apache.kafka.common.record.TimestampType.LOG_APPEND_TIME, kb.timestampType());
            kb.forEach(r -> assertEquals(clock.milliseconds(), r.timestamp()));
        }
        assertEquals(0, log.offsetForTimestamp(clock.milliseconds()));
        assertEquals(-1, log.offsetForTimestamp(clock.milliseconds() + 1));
    }

    @Test
    void leaderEpochsOfAppendsAreRecorded() {
        PartitionLog log = open(LogConfig.defaults());
        log.append(TestBatches.batch("a", 1, 2), 1);
        log.append(TestBatches.batch("b", 3), 1);
        log.append(TestBatches.batch("c", 4, 5), 3);
        assertEquals(List.of(new EpochEntry(1, 0), new EpochEntry(3, 3)), log.leaderEpochCache().entries());
        assertEquals(new EpochEndOffset(1, 3), log.leaderEpochCache().endOffsetFor(2));
        assertEquals(new EpochEndOffset(3, 5), log.leaderEpochCache().endOffsetFor(3));
    }

    @Test
    void highWatermarkIsClampedToTheLog() {
        PartitionLog log = open(LogConfig.defaults());
        log.append(TestBatches.batch("a", 1, 2, 3), 0);
        log.updateHighWatermark(2);
        assertEquals(2, log.highWatermark());
        log.updateHighWatermark(10);
        assertEquals(3, log.highWatermark());
        log.updateHighWatermark(-5);
        assertEquals(0, log.highWatermark());
    }

    @Test
    void anIoErrorTakesTheLogOfflineForEveryLaterWrite() throws IOException {
        PartitionLog log = open(config("segment.ms", "10"));
        log.append(TestBatches.batch("a", 1), 0);
        // the partition directory vanishes (a failed disk): the roll cannot create the next segment
        TestLogs.files(log.dir()).forEach(f -> log.dir().resolve(f).toFile().delete());
        log.dir().toFile().delete();
        clock.advance(100);
        LogStorageException first = assertThrows(LogStorageException.class,
                () -> log.append(TestBatches.batch("b", 2), 0));
        assertTrue(first.getMessage().contains("orders-0"), first.getMessage());
        assertTrue(first.getMessage().contains(log.dir().toString()), first.getMessage());
        assertEquals("orders-0", first.partition());
        assertTrue(log.isOffline());
        LogStorageException again = assertThrows(LogStorageException.class,
                () -> log.append(TestBatches.batch("c", 3), 0));
        assertSame(first, again);
        assertSame(first, assertThrows(LogStorageException.class, log::flush));
        assertSame(first, assertThrows(LogStorageException.class, () -> log.truncateTo(0)));
        assertEquals(1, log.logEndOffset());
        assertEquals(0, log.deleteExpiredSegments(clock.milliseconds()));
        assertSame(first, assertThrows(LogStorageException.class, log::close));
        opened.remove(log);
    }

    @Test
    void deleteRemovesTheDirectoryAndIsIdempotent() {
        PartitionLog log = open(LogConfig.defaults());
        TestLogs.appendMany(log, "v", 3, 100);
        log.delete();
        opened.remove(log);
        assertFalse(java.nio.file.Files.exists(log.dir()));
        log.delete();
        log.close();
        assertThrows(IllegalStateException.class, () -> log.append(TestBatches.batch("a", 1), 0));
        assertThrows(IllegalStateException.class, log::checkpoint);
    }

    @Test
    void closedLogRefusesUse() {
        PartitionLog log = open(LogConfig.defaults());
        log.close();
        log.close();
        opened.remove(log);
        assertThrows(IllegalStateException.class, () -> log.append(TestBatches.batch("a", 1), 0));
        assertThrows(IllegalStateException.class, () -> log.read(0, 10, 10, true));
        assertThrows(IllegalStateException.class, log::flush);
        assertFalse(log.isOffline());
    }
}
