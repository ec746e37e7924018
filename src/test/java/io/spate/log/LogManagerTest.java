package io.spate.log;

import static io.spate.log.TestLogs.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.testing.MockTime;
import io.spate.testing.TestBatches;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogManagerTest {
    @TempDir
    Path data;
    private final MockTime clock = new MockTime(1_000_000);
    private LogManager manager;

    @AfterEach
    void close() {
        if (manager != null) {
            manager.close();
        }
    }

    @Test
    void aSecondManagerOnTheSameDirectoryIsRefused() {
        manager = LogManager.open(data, clock);
        DataDirLockedException e = assertThrows(DataDirLockedException.class, () -> LogManager.open(data, clock));
        assertEquals(data, e.dataDir());
        assertTrue(e.getMessage().contains(".lock"));
        manager.close();
        manager = LogManager.open(data, clock);
    }

    @Test
    void aDirectoryLockedByAnotherProcessIsRefused() throws Exception {
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        Process holder = new ProcessBuilder(javaBin.toString(), "-cp", System.getProperty("java.class.path"),
                DataDirLockHolder.class.getName(), data.toString()).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            String first = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (IOException e) {
                    return e.toString();
                }
            }).get(60, TimeUnit.SECONDS);
            assertEquals("locked", first);
            assertThrows(DataDirLockedException.class, () -> LogManager.open(data, clock));
            holder.getOutputStream().close();
            assertTrue(holder.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, holder.exitValue());
            manager = LogManager.open(data, clock);
        } finally {
            holder.destroyForcibly();
        }
    }

    @Test
    void logsAreFoundAgainSplittingTheDirectoryNameAtTheLastDash() throws IOException {
        manager = LogManager.open(data, clock);
        PartitionLog a = manager.create("my-topic.v2", 3, LogConfig.defaults());
        manager.create("orders", 0, LogConfig.defaults());
        a.append(TestBatches.batch("v", 1, 2), 0);
        manager.close();
        assertTrue(Files.exists(data.resolve(LogManager.CLEAN_SHUTDOWN_FILE)));

        Files.createDirectories(data.resolve("not a log"));
        Files.createDirectories(data.resolve("orders-07"));
        manager = LogManager.open(data, clock);
        assertFalse(Files.exists(data.resolve(LogManager.CLEAN_SHUTDOWN_FILE)), "marker removed once open");
        assertEquals(Set.of("my-topic.v2-3", "orders-0"),
                manager.all().stream().map(PartitionLog::name).collect(Collectors.toSet()));
        PartitionLog found = manager.get("my-topic.v2", 3).orElseThrow();
        assertEquals("my-topic.v2", found.topic());
        assertEquals(3, found.partition());
        assertEquals(2, found.logEndOffset());
        assertTrue(manager.get("orders", 1).isEmpty());
    }

    @Test
    void aLogThatFailsToLoadIsHeldOfflineWhileTheOthersOpen() throws IOException {
        LogConfig small = config("segment.bytes", "200");
        manager = LogManager.open(data, clock, topic -> small);
        for (String topic : List.of("good", "bad")) {
            PartitionLog log = manager.create(topic, 0, small);
            for (int i = 0; i < 6; i++) {
                log.append(TestBatches.batch("value-" + i, 1), 0);
            }
        }
        manager.close();
        Path badFirst = data.resolve("bad-0").resolve(String.format("%020d", 0) + ".log");
        assertTrue(TestLogs.files(data.resolve("bad-0")).stream().filter(f -> f.endsWith(".log")).count() > 1,
                "the damage is in a segment before the last");
        Files.delete(data.resolve("bad-0").resolve(String.format("%020d", 0) + ".index"));
        TestLogs.overwrite(badFirst, io.spate.record.RecordBatch.RECORDS_OFFSET + 2, (byte) 0x66); // CRC fails
        byte[] before = Files.readAllBytes(badFirst);

        manager = LogManager.open(data, clock, topic -> small);
        PartitionLog bad = manager.get("bad", 0).orElseThrow();
        assertTrue(bad.isOffline());
        assertTrue(bad.offlineCause().getCause() instanceof SegmentCorruptionException);
        assertThrows(LogStorageException.class, () -> bad.read(0, 100, Long.MAX_VALUE, true));
        assertSame(bad, manager.create("bad", 0, small), "never re-created over the damaged files");
        assertEquals(6, manager.get("good", 0).orElseThrow().logEndOffset());
        manager.close();
        assertTrue(Files.exists(data.resolve(LogManager.CLEAN_SHUTDOWN_FILE)), "an unloadable log does not spoil the clean shutdown");
        assertEquals(java.util.Arrays.toString(before), java.util.Arrays.toString(Files.readAllBytes(badFirst)));
    }

    @Test
    void withoutTheCleanMarkerLogsAreRecovered() throws IOException {
        manager = LogManager.open(data, clock);
        PartitionLog log = manager.create("orders", 0, LogConfig.defaults());
        TestLogs.appendMany(log, "v", 3, 100);
        manager.close();
        Files.delete(data.resolve(LogManager.CLEAN_SHUTDOWN_FILE));
        Path segment = TestLogs.segmentFile(data.resolve("orders-0"), 0, ".log");
        TestLogs.truncateFile(segment, Files.size(segment) - 1);
        manager = LogManager.open(data, clock);
        assertEquals(2, manager.get("orders", 0).orElseThrow().logEndOffset());
    }

    @Test
    void recoveredLogsGetTheirTopicsConfig() {
        manager = LogManager.open(data, clock);
        manager.create("orders", 0, LogConfig.defaults());
        manager.close();
        LogConfig compact = config("cleanup.policy", "compact");
        manager = LogManager.open(data, clock, topic -> topic.equals("orders") ? compact : LogConfig.defaults());
        assertEquals(compact, manager.get("orders", 0).orElseThrow().config());
    }

    @Test
    void createReturnsTheExistingLogWithTheNewConfig() {
        manager = LogManager.open(data, clock);
        PartitionLog first = manager.create("orders", 0, LogConfig.defaults());
        LogConfig changed = config("retention.ms", "5");
        assertSame(first, manager.create("orders", 0, changed));
        assertEquals(changed, first.config());
    }

    @Test
    void illegalTopicNamesAreRefused() {
        manager = LogManager.open(data, clock);
        for (String bad : List.of("", ".", "..", "a/b", "spa ce", "x".repeat(250))) {
            assertThrows(IllegalArgumentException.class, () -> manager.create(bad, 0, LogConfig.defaults()), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> manager.create("ok", -1, LogConfig.defaults()));
    }

    @Test
    void deleteRemovesTheLogAndItsDirectory() {
        manager = LogManager.open(data, clock);
        PartitionLog log = manager.create("orders", 0, LogConfig.defaults());
        TestLogs.appendMany(log, "v", 3, 100);
        manager.delete("orders", 0);
        assertTrue(manager.get("orders", 0).isEmpty());
        assertEquals(List.of(LogManager.LOCK_FILE, LogManager.NODE_META_DIR), TestLogs.files(data));
        manager.delete("orders", 0);
        PartitionLog again = manager.create("orders", 0, LogConfig.defaults());
        assertEquals(0, again.logEndOffset());
    }

    @Test
    void deleteAllClosesWithoutFlushingAndRemovesEveryDirectory() throws IOException {
        manager = LogManager.open(data, clock);
        PartitionLog kept = manager.create("kept", 0, LogConfig.defaults());
        List<PartitionLog> doomed = new java.util.ArrayList<>();
        for (int p = 0; p < 3; p++) {
            PartitionLog log = manager.create("orders", p, LogConfig.defaults());
            TestLogs.appendMany(log, "v", 5, 100); // never flushed
            doomed.add(log);
        }
        manager.deleteAll(List.of("orders-0", "orders-1", "orders-2", "unknown-7"));
        for (PartitionLog log : doomed) {
            assertEquals(0, log.recoveryPoint(), "closed for deletion, not flushed first");
            assertTrue(Files.notExists(log.dir()));
        }
        assertTrue(manager.get("orders", 1).isEmpty());
        assertEquals(List.of(LogManager.LOCK_FILE, "kept-0", LogManager.NODE_META_DIR), TestLogs.files(data));
        assertEquals(0, kept.logEndOffset());
    }

    @Test
    void halfDeletedLogDirectoriesAreRemovedOnOpen() throws IOException {
        Files.createDirectories(data.resolve("orders-0.123-delete"));
        Files.write(data.resolve("orders-0.123-delete").resolve("00000000000000000000.log"), new byte[5]);
        manager = LogManager.open(data, clock);
        assertEquals(List.of(LogManager.LOCK_FILE, LogManager.NODE_META_DIR), TestLogs.files(data));
    }

    @Test
    void closedManagerRefusesCreate() {
        manager = LogManager.open(data, clock);
        manager.close();
        assertThrows(IllegalStateException.class, () -> manager.create("orders", 0, LogConfig.defaults()));
        manager.close();
    }
}
