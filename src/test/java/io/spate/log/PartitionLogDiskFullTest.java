package io.spate.log;

import static io.spate.log.TestLogs.config;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.testing.DescriptorSqueeze;
import io.spate.testing.MockTime;
import io.spate.testing.SmallFileSystem;
import io.spate.testing.TestBatches;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full file system (a real ENOSPC, on a small tmpfs) and no descriptor left (a real EMFILE, under a
 * lowered RLIMIT_NOFILE): appends, rolls and checkpoints that fail for lack of them change nothing,
 * leave the log open, and succeed by themselves once the resource is back.
 */
@Timeout(30)
class PartitionLogDiskFullTest {
    @TempDir
    Path tmp;
    private final MockTime clock = new MockTime(1_000_000);
    private SmallFileSystem fs;
    private PartitionLog log;

    @AfterEach
    void tearDown() throws Exception {
        try {
            if (log != null) {
                log.close();
            }
        } finally {
            if (fs != null) {
                fs.close();
            }
        }
    }

    private static ByteBuffer big(String prefix) {
        return TestBatches.batch(prefix + "x".repeat(256 * 1024), 100);
    }

    private List<String> values(int count, String prefix) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(prefix + i + "-0");
        }
        return out;
    }

    @Test
    void anAppendThatDoesNotFitIsCutBackAndTheNextOneSucceedsOnceSpaceReturns() throws Exception {
        fs = SmallFileSystem.mount(tmp, 4);
        Path dir = fs.dir().resolve("orders-0");
        log = TestLogs.open(dir, config(), clock, true);
        TestLogs.appendMany(log, "v", 10, 100);
        int goodSize = (int) log.sizeInBytes();
        fs.fill();

        LogStorageException e = assertThrows(LogStorageException.class, () -> log.append(big("big"), 0));
        assertTrue(e.retriable(), e.getMessage());
        assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
        assertFalse(log.isOffline(), "a full disk does not take the log offline");
        assertEquals(10, log.logEndOffset());
        assertEquals(goodSize, Files.size(LogFileUtils.logFile(dir, 0)), "the partial write is cut off the file");
        assertEquals(values(10, "v"), TestLogs.readValues(log, 0), "what was written stays readable");
        assertThrows(LogStorageException.class, () -> log.append(big("big"), 0), "still full: refused again");

        fs.free();
        log.append(big("big"), 0);
        TestLogs.appendMany(log, "w", 2, 200);
        assertEquals(13, log.logEndOffset());
        log.close();
        log = TestLogs.open(dir, config(), clock, false); // unclean: recovery scans every batch
        assertEquals(13, log.logEndOffset(), "recovery finds every batch whole, nothing to cut");
        List<String> read = TestLogs.readValues(log, 0);
        assertEquals(values(10, "v"), read.subList(0, 10));
        assertTrue(read.get(10).startsWith("big"));
        assertEquals(values(2, "w"), read.subList(11, 13));
    }

    @Test
    void aCheckpointThatCannotBeWrittenKeepsTheOldFileAndTheLogOpen() throws Exception {
        fs = SmallFileSystem.mount(tmp, 4);
        Path dir = fs.dir().resolve("orders-0");
        log = TestLogs.open(dir, config(), clock, true);
        TestLogs.appendMany(log, "v", 5, 100);
        log.markFlushed(log.flush());
        log.checkpoint();
        Path file = dir.resolve(PartitionCheckpoint.FILE_NAME);
        byte[] before = Files.readAllBytes(file);
        TestLogs.appendMany(log, "w", 5, 200);
        log.markFlushed(log.flush());
        fs.fill();

        LogStorageException e = assertThrows(LogStorageException.class, log::checkpoint);
        assertTrue(e.retriable(), e.getMessage());
        assertFalse(log.isOffline(), "a checkpoint that cannot be written does not take the log offline");
        assertArrayEquals(before, Files.readAllBytes(file), "the old checkpoint stays whole");
        assertFalse(TestLogs.files(dir).stream().anyMatch(n -> n.endsWith(".tmp")), TestLogs.files(dir).toString());
        assertEquals(10, TestLogs.readValues(log, 0).size());

        fs.free();
        log.checkpoint();
        assertFalse(java.util.Arrays.equals(before, Files.readAllBytes(file)), "the next checkpoint is written");
        log.close();
        log = TestLogs.open(dir, config(), clock, true);
        assertEquals(10, log.recoveryPoint());
    }

    @Test
    void aRollThatRunsOutOfDescriptorsIsTriedAgainByTheNextAppend() throws Exception {
        Path dir = tmp.resolve("orders-0");
        LogConfig c = config("segment.bytes", Integer.toString(TestLogs.batchSize("v0-") * 2));
        log = TestLogs.open(dir, c, clock, true);
        TestLogs.appendMany(log, "v", 2, 100);
        List<String> filesBefore = TestLogs.files(dir);
        ByteBuffer next = TestBatches.batch("v2-", 102);
        LogStorageException e;
        // the failure path's classes are loaded now: loading a class opens its file
        Class.forName(ResourceExhaustion.class.getName());
        new LogStorageException("p", dir, "warm-up", new java.io.IOException(), true).retriable();
        try (DescriptorSqueeze squeeze = DescriptorSqueeze.squeeze()) {
            e = assertThrows(LogStorageException.class, () -> log.append(next, 0));
        }
        assertTrue(e.retriable(), e.getMessage());
        assertTrue(e.getMessage().contains("Too many open files"), e.getMessage());
        assertTrue(e.getMessage().contains("orders-0") && e.getMessage().contains("roll"), e.getMessage());
        assertFalse(log.isOffline());
        assertEquals(2, log.logEndOffset());
        assertEquals(1, log.segmentCount());
        assertEquals(filesBefore, TestLogs.files(dir), "no file of the failed roll is left");

        log.append(next, 0);
        assertEquals(List.of(0L, 2L), log.segmentBaseOffsets(), "the next append rolls");
        assertEquals(values(3, "v"), TestLogs.readValues(log, 0));
        log.close();
        log = TestLogs.open(dir, c, clock, false);
        assertEquals(values(3, "v"), TestLogs.readValues(log, 0));
    }

    @Test
    void anIndexEntryThatNeedsANewPageOfAFullDiskFailsTheAppendCleanly() throws Exception {
        fs = SmallFileSystem.mount(tmp, 4);
        Path dir = fs.dir().resolve("orders-0");
        LogConfig c = config("index.interval.bytes", "0"); // an entry for every batch but the first
        log = TestLogs.open(dir, c, clock, true);
        int perPage = 4096 / OffsetIndex.ENTRY_SIZE;
        TestLogs.appendMany(log, "v", perPage + 1, 100); // the offset index's first page is full
        assertTrue(log.sizeInBytes() % 4096 + TestLogs.batchSize("w0-") < 4096,
                "the next batch fits in the log file's last page, which has its block already");
        fs.fill();

        // the index entry would go to a page the full tmpfs cannot back: the mapping would fault (SIGBUS)
        LogStorageException e = assertThrows(LogStorageException.class,
                () -> log.append(TestBatches.batch("w0-", 1000), 0));
        assertTrue(e.retriable(), e.getMessage());
        assertEquals(perPage + 1, log.logEndOffset());
        assertEquals(log.sizeInBytes(), Files.size(LogFileUtils.logFile(dir, 0)));

        fs.free();
        log.append(TestBatches.batch("w0-", 1000), 0);
        log.close();
        log = TestLogs.open(dir, c, clock, false);
        assertEquals(perPage + 2, TestLogs.readValues(log, 0).size());
    }
}
