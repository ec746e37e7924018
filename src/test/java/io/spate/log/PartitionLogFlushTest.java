package io.spate.log;

import static io.spate.log.TestLogs.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.testing.MockTime;
import io.spate.testing.TestBatches;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** flush() on a worker while the owner appends, and the recovery point it moves. */
class PartitionLogFlushTest {
    @TempDir
    Path tmp;
    private final MockTime clock = new MockTime(1_000_000);
    private final ExecutorService worker = Executors.newSingleThreadExecutor();
    private PartitionLog log;

    @AfterEach
    void tearDown() throws InterruptedException {
        worker.shutdownNow();
        assertTrue(worker.awaitTermination(10, TimeUnit.SECONDS));
        if (log != null) {
            log.close();
        }
    }

    @Test
    void flushOnAWorkerWhileTheOwnerAppendsAndRolls() throws Exception {
        log = TestLogs.open(tmp.resolve("orders-0"),
                config("segment.bytes", Integer.toString(TestLogs.batchSize("v00-") * 4), "index.interval.bytes", "0"),
                clock, true);
        AtomicBoolean stop = new AtomicBoolean();
        Future<List<Long>> flushes = worker.submit(() -> {
            List<Long> covered = new ArrayList<>();
            while (!stop.get()) {
                covered.add(log.flush());
            }
            covered.add(log.flush());
            return covered;
        });
        for (int i = 0; i < 200; i++) {
            log.append(TestBatches.batch("v" + (i % 10) + i % 10 + "-", 100 + i), 0);
        }
        stop.set(true);
        List<Long> covered = flushes.get(30, TimeUnit.SECONDS);
        for (int i = 1; i < covered.size(); i++) {
            assertTrue(covered.get(i) >= covered.get(i - 1), "flushes cover a growing prefix");
        }
        assertEquals(200L, covered.get(covered.size() - 1));
        assertTrue(log.segmentCount() >= 50);
        assertEquals(0, log.recoveryPoint());
        log.markFlushed(covered.get(covered.size() - 1));
        assertEquals(200, log.recoveryPoint());
        assertEquals(200, TestLogs.readAll(log, 0).size());
    }

    @Test
    void markFlushedNeverMovesTheRecoveryPointBackOrPastTheEnd() {
        log = TestLogs.open(tmp.resolve("orders-0"), LogConfig.defaults(), clock, true);
        TestLogs.appendMany(log, "v", 5, 100);
        long end = log.flush();
        assertEquals(5, end);
        log.markFlushed(3);
        log.markFlushed(2);
        assertEquals(3, log.recoveryPoint());
        log.markFlushed(99);
        assertEquals(5, log.recoveryPoint());
    }
}
