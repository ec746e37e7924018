package io.spate.log;

import static io.spate.log.TestLogs.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.record.CompressionType;
import io.spate.testing.MockTime;
import io.spate.testing.TestBatches;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The segment indexes follow Kafka's convention (an entry names its batch's last offset, see
 * {@link OffsetIndex} and {@link TimeIndex}) on every path that writes them (append, recovery, truncation,
 * compaction, follower appends), and every lookup through them stays exact: at a batch's first offset,
 * in its middle, at its last offset, by timestamp.
 */
class SegmentIndexConventionTest {
    /** Records per batch, in order: multi-record batches with single-record ones between. */
    private static final int[] SIZES = {3, 1, 5, 2, 4, 1, 6, 3, 2, 5, 1, 4, 3, 2};
    /** Record {@code o} has timestamp {@code T0 + 10 * o}. */
    private static final long T0 = 1_000_000;
    @TempDir
    Path tmp;
    private final MockTime clock = new MockTime(5_000_000);
    private final List<PartitionLog> opened = new ArrayList<>();

    @AfterEach
    void closeLogs() {
        opened.forEach(PartitionLog::close);
    }

    private Path dir() {
        return tmp.resolve("orders-0");
    }

    /** Small segments (a few batches each), an index entry for every batch after a segment's first. */
    private PartitionLog open(boolean clean, String... overrides) {
        List<String> kv = new ArrayList<>(List.of("segment.bytes", "400", "index.interval.bytes", "0"));
        kv.addAll(List.of(overrides));
        PartitionLog log = TestLogs.open(dir(), config(kv.toArray(String[]::new)), clock, clean);
        opened.add(log);
        return log;
    }

    private void close(PartitionLog log) {
        log.close();
        opened.remove(log);
    }

    /** Appends the {@link #SIZES} batches; returns each batch's {@code [base, last]}. */
    private static List<long[]> write(PartitionLog log, CompressionType codec) {
        List<long[]> batches = new ArrayList<>();
        for (int size : SIZES) {
            long base = log.logEndOffset();
            long[] timestamps = new long[size];
            for (int i = 0; i < size; i++) {
                timestamps[i] = T0 + 10 * (base + i);
            }
            log.append(TestBatches.batch(codec, "v" + base + "-", timestamps), 0);
            batches.add(new long[] {base, base + size - 1});
        }
        log.updateHighWatermark(log.logEndOffset());
        return batches;
    }

    /** Every offset reads from the batch that holds it; every record's timestamp finds it. */
    private static void assertLookupsExact(PartitionLog log, List<long[]> batches) {
        for (long[] b : batches) {
            for (long o = b[0]; o <= b[1]; o++) {
                assertEquals(b[0], log.read(o, 1, Long.MAX_VALUE, true).firstOffset(), "read at offset " + o);
                assertEquals(o, log.offsetForTimestamp(T0 + 10 * o), "the record of timestamp " + (T0 + 10 * o));
                assertEquals(o, log.offsetForTimestamp(T0 + 10 * o - 5), "the first record after " + (T0 + 10 * o - 5));
            }
        }
    }

    /** Entries that name a multi-record batch, where the last offset differs from the base offset. */
    private int entriesOfMultiRecordBatches() {
        int n = 0;
        for (long base : IndexFiles.segmentBases(dir())) {
            List<IndexFiles.Batch> batches = IndexFiles.batches(TestLogs.segmentFile(dir(), base, ".log"));
            for (IndexFiles.Entry e : IndexFiles.offsetEntries(dir(), base)) {
                n += batches.stream().anyMatch(b -> b.position() == e.value() && b.baseOffset() != b.lastOffset()) ? 1 : 0;
            }
        }
        return n;
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void appendedBatchesAreIndexedByTheirLastOffset(CompressionType codec) {
        PartitionLog log = open(true);
        write(log, codec);
        assertTrue(log.segmentBaseOffsets().size() >= 3, "several segments: " + log.segmentBaseOffsets());
        close(log);
        assertTrue(entriesOfMultiRecordBatches() >= 3, "multi-record batches are indexed");
        assertEquals(List.of(), IndexFiles.kafkaMismatches(dir()));
    }

    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = {"NONE", "ZSTD"})
    void lookupsInTheMiddleAndAtTheLastOffsetOfAMultiRecordBatchFindIt(CompressionType codec) {
        PartitionLog log = open(true);
        List<long[]> batches = write(log, codec);
        assertLookupsExact(log, batches);
        close(log);
        assertLookupsExact(open(true), batches); // the indexes as written, trusted after a clean shutdown
    }

    @Test
    void recoveryRebuildsTheIndexesInKafkasConventionAndLookupsStayExact() {
        PartitionLog log = open(true);
        List<long[]> batches = write(log, CompressionType.NONE);
        close(log);
        PartitionLog recovered = open(false); // every segment scanned and its indexes rebuilt
        assertLookupsExact(recovered, batches);
        close(recovered);
        assertEquals(List.of(), IndexFiles.kafkaMismatches(dir()));
        assertTrue(entriesOfMultiRecordBatches() >= 3);
    }

    @Test
    void truncationInsideAMultiRecordBatchDropsItWholeAndKeepsKafkasIndexes() {
        PartitionLog log = open(true);
        List<long[]> batches = write(log, CompressionType.NONE);
        long[] cut = batches.get(9); // five records, in a later segment
        log.truncateTo(cut[0] + 2);
        assertEquals(cut[0], log.logEndOffset());
        List<long[]> kept = batches.subList(0, 9);
        assertLookupsExact(log, kept);
        close(log);
        assertEquals(List.of(), IndexFiles.kafkaMismatches(dir()));
        assertLookupsExact(open(true), kept);
    }

    @Test
    void aFollowerIndexesTheLeadersBatchesByTheirLastOffset() {
        PartitionLog leader = open(true);
        List<long[]> batches = write(leader, CompressionType.LZ4);
        PartitionLog follower = TestLogs.open(tmp.resolve("replica-0"), leader.config(), clock, true);
        opened.add(follower);
        for (long next = 0; next < leader.logEndOffset(); ) {
            ByteBuffer bytes = leader.read(next, 1, Long.MAX_VALUE, true).toByteBuffer();
            follower.appendAsFollower(bytes);
            next = follower.logEndOffset();
        }
        follower.updateHighWatermark(follower.logEndOffset());
        assertLookupsExact(follower, batches);
        follower.close();
        opened.remove(follower);
        assertEquals(List.of(), IndexFiles.kafkaMismatches(tmp.resolve("replica-0")));
        assertTrue(IndexFiles.entryCount(tmp.resolve("replica-0")) > 0);
    }

    @Test
    void compactionRewritesCleanedSegmentsWithKafkasIndexes() {
        PartitionLog log = open(true, "cleanup.policy", "compact", "file.delete.delay.ms", "0");
        // keys k0..k5 again in every batch: the older batches lose records, keep their offsets
        write(log, CompressionType.GZIP);
        write(log, CompressionType.NONE);
        CleanerStats stats = Compacted.clean(log);
        assertTrue(stats.segmentsRewritten() > 0, "a pass rewrote segments: " + stats);
        List<Compacted.Kv> left = Compacted.readAll(log);
        for (Compacted.Kv kv : left) {
            assertTrue(log.read(kv.offset(), 1, Long.MAX_VALUE, true).firstOffset() <= kv.offset());
        }
        close(log);
        assertEquals(List.of(), IndexFiles.kafkaMismatches(dir()));
        assertEquals(left, Compacted.readAll(open(true, "cleanup.policy", "compact")));
    }
}
