package io.spate.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.record.CompressionType;
import io.spate.testing.KafkaTools;
import io.spate.testing.MockTime;
import io.spate.testing.TestBatches;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Apache Kafka's own {@code kafka-dump-log.sh --verify-index-only} (its main class
 * {@code kafka.tools.DumpLogSegments}, run from the 4.1.1 jars {@code scripts/ci/fetch-kafka.sh}
 * caches, in a child JVM by {@link KafkaTools}) reports no mismatch in the {@code .index} and
 * {@code .timeindex} files of a Spate data directory: several segments each, multi-record batches in
 * every codec, single-record ones, transactional batches with their markers, LogAppendTime, a
 * compacted log, and a directory rewritten from the older format at start. As a control, the same tool
 * does report the index files Spate wrote before (index format 1).
 */
@Timeout(600)
class KafkaDumpLogVerifyIT {
    private static final String DUMP_LOG = "kafka.tools.DumpLogSegments";
    private static final Duration TOOL = Duration.ofSeconds(120);
    /** Records per batch, in order. */
    private static final int[] SIZES = {3, 1, 7, 2, 5, 1, 4, 6, 2, 3};
    @TempDir
    Path data;
    private final MockTime clock = new MockTime(1_700_000_000_000L);

    @BeforeAll
    static void fetch() {
        KafkaTools.lib(); // a fetch, when the cache is missing, is not counted against the test's time
    }

    private static LogConfig config(String... overrides) {
        List<String> kv = new ArrayList<>(List.of("segment.bytes", "2048", "index.interval.bytes", "100"));
        kv.addAll(List.of(overrides));
        return TestLogs.config(kv.toArray(String[]::new));
    }

    /** Every codec in turn, multi-record and single-record batches, over several segments. */
    private void writeEveryCodec(PartitionLog log, int rounds) {
        long ts = clock.milliseconds() - 1_000_000;
        for (int round = 0; round < rounds; round++) {
            for (CompressionType codec : CompressionType.values()) {
                for (int size : SIZES) {
                    long[] timestamps = new long[size];
                    for (int i = 0; i < size; i++) {
                        // out of order inside a batch, as producers' clocks may be: the max is not the last
                        timestamps[i] = ts + (i == 0 ? size : i);
                    }
                    ts += size + 1;
                    log.append(TestBatches.batch(codec, "value-" + round + "-" + size + "-", timestamps), 0);
                }
            }
        }
        log.updateHighWatermark(log.logEndOffset());
    }

    private static LogConfig configOf(String topic) {
        return switch (topic) {
            case "stamped" -> config("message.timestamp.type", "LogAppendTime");
            case "compacted" -> config("cleanup.policy", "compact", "file.delete.delay.ms", "0");
            default -> config();
        };
    }

    @Test
    void kafkasVerifyIndexOnlyFindsNoMismatchInASpateDataDirectory() throws IOException {
        Path current = data.resolve("current");
        LogManager manager = LogManager.open(current, clock, KafkaDumpLogVerifyIT::configOf);
        PartitionLog orders = manager.create("orders", 0, configOf("orders"));
        writeEveryCodec(orders, 3);
        long pid = 4000;
        for (int t = 0; t < 6; t++, pid++) {
            orders.append(TestBatches.transactional(pid, (short) 0, 0, "a", "b", "c"), 0);
            orders.transactions().appendMarker(pid, (short) 0, t % 2 == 0, 0, 0);
        }
        orders.append(TestBatches.idempotent(9000, (short) 0, 0, "x", "y"), 0);
        orders.updateHighWatermark(orders.logEndOffset());
        assertTrue(orders.segmentCount() >= 5, "several segments: " + orders.segmentBaseOffsets());
        writeEveryCodec(manager.create("stamped", 0, configOf("stamped")), 1);
        PartitionLog compacted = manager.create("compacted", 0, configOf("compacted"));
        writeEveryCodec(compacted, 2);
        CleanerStats stats = Compacted.clean(compacted);
        assertTrue(stats.segmentsRewritten() > 0, "a pass rewrote segments: " + stats);
        manager.close();
        LogManager again = LogManager.open(current, clock, KafkaDumpLogVerifyIT::configOf);
        assertEquals(0, again.segmentsReindexedAtOpen(), "the indexes checked are those the log wrote, not a rewrite");
        again.close();

        // an older Spate's data directory, rewritten at its first start
        Path older = data.resolve("older");
        copy(current.resolve("orders-0"), older.resolve("orders-0"));
        IndexFiles.rewriteAsFormat1(older.resolve("orders-0"));
        LogManager upgraded = LogManager.open(older, clock, KafkaDumpLogVerifyIT::configOf);
        assertTrue(upgraded.segmentsReindexedAtOpen() >= 5);
        upgraded.close();

        List<String> files = indexFiles(data);
        assertTrue(files.size() >= 4 * 2 * 3, "index files of several segments in four partitions: " + files);
        for (Path p : List.of(current.resolve("orders-0"), current.resolve("stamped-0"), current.resolve("compacted-0"),
                older.resolve("orders-0"))) {
            assertTrue(IndexFiles.entryCount(p) >= 10, "entries for the tool to check in " + p);
        }
        KafkaTools.Result verify = KafkaTools.run(TOOL, DUMP_LOG, "--files", String.join(",", files),
                "--verify-index-only");
        assertEquals(0, verify.exitCode(), verify.describe());
        for (String f : files) {
            assertTrue(verify.out().contains("Dumping " + f), "the tool looked at " + f + "\n" + verify.describe());
        }
        assertNoMismatch(verify);
    }

    @Test
    void theOlderFormatIsWhatKafkasVerifyReported() throws IOException {
        PartitionLog log = PartitionLog.open(data.resolve("orders-0"), "orders", 0, config(), clock, true);
        writeEveryCodec(log, 1);
        log.close();
        assertTrue(IndexFiles.rewriteAsFormat1(data.resolve("orders-0")) > 0);
        List<String> files = indexFiles(data.resolve("orders-0"));
        KafkaTools.Result verify = KafkaTools.run(TOOL, DUMP_LOG, "--files", String.join(",", files),
                "--verify-index-only");
        assertEquals(0, verify.exitCode(), verify.describe());
        assertTrue(verify.err().contains("Mismatches in :"), verify.describe());
        assertTrue(verify.err().contains("The following indexed offsets are not found in the log."), verify.describe());
    }

    /** Nothing of what DumpLogSegments prints for a mismatch of either index (its TimeIndexDumpErrors too). */
    private static void assertNoMismatch(KafkaTools.Result verify) {
        for (String report : List.of("Mismatches in", "timestamp mismatch", "out of order timestamp",
                "indexed offsets are not found")) {
            assertFalse(verify.err().contains(report) || verify.out().contains(report), verify.describe());
        }
    }

    /** The {@code .index} and {@code .timeindex} files under {@code dir}, sorted. */
    private static List<String> indexFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.map(Path::toString).filter(f -> f.endsWith(".index") || f.endsWith(".timeindex"))
                    .filter(f -> !f.contains("/" + LogManager.NODE_META_DIR + "/")).sorted().toList();
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }
}
