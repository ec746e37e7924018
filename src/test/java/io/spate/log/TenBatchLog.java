package io.spate.log;

import io.spate.testing.MockTime;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The fixture of the log recovery and corruption tests: a partition log in {@code orders-0} under a test's
 * temporary directory, four single-record batches a segment, a mock clock, and the ten-batch log they start
 * from. Every log opened through it is closed after the test unless the test closed or abandoned it.
 */
final class TenBatchLog {
    private final Path dir;
    private final long highWatermark;
    private final MockTime clock = new MockTime(1_000_000);
    private final List<PartitionLog> opened = new ArrayList<>();
    /** Four single-record batches per segment, an index entry for every batch after a segment's first. */
    private final LogConfig config = TestLogs.config("segment.bytes", Integer.toString(TestLogs.batchSize("v0-") * 4),
            "index.interval.bytes", "0");

    /** {@code highWatermark}: what {@link #writeTenAndClose()} sets before closing. */
    TenBatchLog(Path tmp, long highWatermark) {
        this.dir = tmp.resolve("orders-0");
        this.highWatermark = highWatermark;
    }

    Path dir() {
        return dir;
    }

    MockTime clock() {
        return clock;
    }

    LogConfig config() {
        return config;
    }

    PartitionLog open(boolean clean) {
        return open(config, clean);
    }

    PartitionLog open(LogConfig config, boolean clean) {
        PartitionLog log = TestLogs.open(dir, config, clock, clean);
        opened.add(log);
        return log;
    }

    /** Closes a log now, not again after the test. */
    void close(PartitionLog log) {
        log.close();
        opened.remove(log);
    }

    /** Leaves a log open, as a crash would: it is not closed after the test either. */
    void abandon(PartitionLog log) {
        opened.remove(log);
    }

    /** A log of 10 batches (offsets 0..9, values v0-0..v9-0) over segments 0, 4, 8, closed cleanly. */
    void writeTenAndClose() {
        PartitionLog log = open(true);
        TestLogs.appendMany(log, "v", 10, 100);
        log.updateHighWatermark(highWatermark);
        close(log);
    }

    /** The values of offsets {@code from} (inclusive) to {@code to} (exclusive) of {@link #writeTenAndClose()}. */
    static List<String> values(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "v" + i + "-0").toList();
    }

    /** After the test: closes every log still open; a failure to close fails the test. */
    void closeAll() {
        opened.forEach(PartitionLog::close);
    }

    /** After the test: closes every log still open, ignoring the failure an offline log throws on close. */
    void closeAllSomeOffline() {
        for (PartitionLog log : opened) {
            try {
                log.close();
            } catch (LogStorageException expected) {
                // an offline log throws its failure on close
            }
        }
    }
}
