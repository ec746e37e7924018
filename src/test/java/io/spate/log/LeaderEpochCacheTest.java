package io.spate.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeaderEpochCacheTest {
    private final AtomicLong logEnd = new AtomicLong(100);
    private final LeaderEpochCache cache = new LeaderEpochCache(logEnd::get);

    @Test
    void assignKeepsEpochsAndOffsetsIncreasing() {
        assertTrue(cache.assign(1, 0));
        assertFalse(cache.assign(1, 5), "same epoch, later offset: nothing to change");
        assertTrue(cache.assign(2, 10));
        assertTrue(cache.assign(4, 30));
        assertEquals(4, cache.latestEpoch());
        // a lower start offset for the latest epoch replaces it
        assertTrue(cache.assign(4, 25));
        assertEquals(List.of(new EpochEntry(1, 0), new EpochEntry(2, 10), new EpochEntry(4, 25)), cache.entries());
        // an older epoch at a later offset contradicts the newer entries: they go (as Kafka)
        assertTrue(cache.assign(3, 40));
        assertEquals(List.of(new EpochEntry(1, 0), new EpochEntry(2, 10), new EpochEntry(3, 40)), cache.entries());
        assertThrows(IllegalArgumentException.class, () -> cache.assign(-1, 5));
    }

    @Test
    void endOffsetForAnswersAsKafka() {
        assertEquals(EpochEndOffset.UNDEFINED, cache.endOffsetFor(0));
        cache.assign(1, 0);
        cache.assign(3, 10);
        cache.assign(5, 50);
        assertEquals(new EpochEndOffset(5, 100), cache.endOffsetFor(5), "latest epoch ends at the log end");
        assertEquals(new EpochEndOffset(3, 50), cache.endOffsetFor(4), "unknown epoch: largest below it");
        assertEquals(new EpochEndOffset(3, 50), cache.endOffsetFor(3));
        assertEquals(new EpochEndOffset(1, 10), cache.endOffsetFor(2));
        assertEquals(new EpochEndOffset(0, 0), cache.endOffsetFor(0), "below every epoch: the first start offset");
        assertEquals(EpochEndOffset.UNDEFINED, cache.endOffsetFor(6));
        assertEquals(EpochEndOffset.UNDEFINED, cache.endOffsetFor(-1));
        logEnd.set(120);
        assertEquals(new EpochEndOffset(5, 120), cache.endOffsetFor(5));
    }

    @Test
    void truncationFromEitherEnd() {
        cache.assign(1, 0);
        cache.assign(3, 10);
        cache.assign(5, 50);
        cache.truncateFromStart(20);
        assertEquals(List.of(new EpochEntry(3, 20), new EpochEntry(5, 50)), cache.entries());
        cache.truncateFromEnd(50);
        assertEquals(List.of(new EpochEntry(3, 20)), cache.entries());
        assertEquals(3, cache.epochForOffset(30));
        assertEquals(EpochEndOffset.UNDEFINED_EPOCH, cache.epochForOffset(5));
        cache.clear();
        assertEquals(EpochEndOffset.UNDEFINED_EPOCH, cache.latestEpoch());
    }

    @Test
    void checkpointFileRoundTripsInKafkasFormat(@TempDir Path dir) throws IOException {
        List<EpochEntry> entries = List.of(new EpochEntry(0, 0), new EpochEntry(3, 150));
        LeaderEpochCheckpointFile.write(dir, entries);
        assertEquals("0\n2\n0 0\n3 150\n", Files.readString(dir.resolve(LeaderEpochCheckpointFile.FILE_NAME)));
        assertEquals(entries, LeaderEpochCheckpointFile.read(dir).orElseThrow());
        Files.writeString(dir.resolve(LeaderEpochCheckpointFile.FILE_NAME), "0\n3\n0 0\n");
        assertTrue(LeaderEpochCheckpointFile.read(dir).isEmpty());
        Files.writeString(dir.resolve(LeaderEpochCheckpointFile.FILE_NAME), "1\n0\n");
        assertTrue(LeaderEpochCheckpointFile.read(dir).isEmpty());
        Files.delete(dir.resolve(LeaderEpochCheckpointFile.FILE_NAME));
        assertTrue(LeaderEpochCheckpointFile.read(dir).isEmpty());
    }
}
