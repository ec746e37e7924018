package io.spate.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.record.CompressionType;
import io.spate.testing.MockTime;
import io.spate.testing.TestBatches;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one-time upgrade of a data directory an older Spate wrote (index format 1, entries named a
 * batch's base offset): every segment's indexes are rewritten at start from its .log, the record
 * {@code meta/index-format.json} is written, and a second start rewrites nothing.
 */
class IndexFormatTest {
    /** Records per batch. */
    private static final int[] SIZES = {3, 1, 5, 2, 4, 6, 3, 2, 5, 4, 3, 2};
    @TempDir
    Path data;
    private final MockTime clock = new MockTime(5_000_000);
    private LogManager manager;
    private final LogConfig config = TestLogs.config("segment.bytes", "400", "index.interval.bytes", "0");
    private final Function<String, LogConfig> configs = topic -> config;

    @AfterEach
    void close() {
        if (manager != null) {
            manager.close();
        }
    }

    private LogManager open() {
        manager = LogManager.open(data, clock, configs);
        return manager;
    }

    private void reopen() {
        manager.close();
        open();
    }

    /** Writes multi-record batches to {@code topic}-0 over several segments; returns each batch's [base, last]. */
    private List<long[]> write(String topic) {
        PartitionLog log = manager.create(topic, 0, config);
        List<long[]> batches = new ArrayList<>();
        for (int size : SIZES) {
            long base = log.logEndOffset();
            long[] ts = new long[size];
            for (int i = 0; i < size; i++) {
                ts[i] = 1_000_000 + 10 * (base + i);
            }
            log.append(TestBatches.batch(CompressionType.NONE, topic + base + "-", ts), 0);
            batches.add(new long[] {base, base + size - 1});
        }
        log.updateHighWatermark(log.logEndOffset());
        return batches;
    }

    /** Makes the closed data directory look as an older Spate left it: format 1 entries, no record. */
    private int makeFormat1(String... partitionDirs) throws IOException {
        int changed = 0;
        for (String dir : partitionDirs) {
            changed += IndexFiles.rewriteAsFormat1(data.resolve(dir));
            assertNotEquals(List.of(), IndexFiles.kafkaMismatches(data.resolve(dir)));
        }
        Files.delete(IndexFormat.file(data));
        return changed;
    }

    private static void assertReads(PartitionLog log, List<long[]> batches) {
        for (long[] b : batches) {
            for (long o = b[0]; o <= b[1]; o++) {
                assertEquals(b[0], log.read(o, 1, Long.MAX_VALUE, true).firstOffset(), "read at offset " + o);
                assertEquals(o, log.offsetForTimestamp(1_000_000 + 10 * o), "timestamp of offset " + o);
            }
        }
    }

    @Test
    void aNewDataDirectoryIsRecordedInTheCurrentFormatWithoutRewriting() throws IOException {
        open();
        assertEquals(0, manager.segmentsReindexedAtOpen());
        assertEquals("{\"version\": 1, \"index.format\": 2}\n", Files.readString(IndexFormat.file(data)));
    }

    @Test
    void aDirectoryOfTheOlderFormatIsRewrittenOnceAtStartAndReadsRight() throws IOException {
        open();
        List<long[]> batches = write("orders");
        int segments = manager.get("orders", 0).orElseThrow().segmentBaseOffsets().size();
        assertTrue(segments >= 3, "several segments");
        manager.close();
        assertTrue(makeFormat1("orders-0") > 0, "the older convention differs for multi-record batches");
        byte[] logBytes = IndexFiles.read(TestLogs.segmentFile(data.resolve("orders-0"), 0, ".log"));

        open();
        assertEquals(segments, manager.segmentsReindexedAtOpen());
        assertTrue(Files.exists(IndexFormat.file(data)));
        assertReads(manager.get("orders", 0).orElseThrow(), batches);
        manager.close();
        assertEquals(List.of(), IndexFiles.kafkaMismatches(data.resolve("orders-0")));
        assertArrayEquals(logBytes, IndexFiles.read(TestLogs.segmentFile(data.resolve("orders-0"), 0, ".log")),
                "the .log files are not touched");

        open(); // a second start finds the record: nothing is rewritten
        assertEquals(0, manager.segmentsReindexedAtOpen());
        assertReads(manager.get("orders", 0).orElseThrow(), batches);
    }

    @Test
    void aPartitionLeftClosedAtStartIsRewrittenTooAQuarantinedOneIsNot() throws IOException {
        open();
        List<long[]> kept = write("kept");
        write("gone");
        manager.close();
        makeFormat1("kept-0", "gone-0");

        // a clustered node leaves kept-0 closed (no topic names it yet); it is rewritten all the same
        manager = LogManager.open(data, clock, configs, (t, p) -> false, LogManager.Unnamed.LEAVE_CLOSED);
        assertTrue(manager.segmentsReindexedAtOpen() > 0);
        assertTrue(manager.get("kept", 0).isEmpty(), "not opened");
        assertEquals(List.of(), IndexFiles.kafkaMismatches(data.resolve("kept-0")));
        assertEquals(List.of(), IndexFiles.kafkaMismatches(data.resolve("gone-0")));
        manager.close();

        makeFormat1("kept-0", "gone-0");
        byte[] goneIndex = IndexFiles.read(TestLogs.segmentFile(data.resolve("gone-0"), 0, ".index"));
        manager = LogManager.open(data, clock, configs, (t, p) -> t.equals("kept"), LogManager.Unnamed.QUARANTINE);
        assertReads(manager.get("kept", 0).orElseThrow(), kept);
        manager.close();
        assertEquals(List.of(), IndexFiles.kafkaMismatches(data.resolve("kept-0")));
        Path quarantined;
        try (var dirs = Files.list(data.resolve(LogManager.QUARANTINE_DIR))) {
            quarantined = dirs.findFirst().orElseThrow();
        }
        assertArrayEquals(goneIndex, IndexFiles.read(TestLogs.segmentFile(quarantined, 0, ".index")),
                "a quarantined directory is left exactly as it was");
    }

    @Test
    void aRecordThatDoesNotParseIsReplacedAfterARewrite() throws IOException {
        open();
        List<long[]> batches = write("orders");
        manager.close();
        IndexFiles.rewriteAsFormat1(data.resolve("orders-0"));
        Files.writeString(IndexFormat.file(data), "{\"version\": 1, \"index.format\": \"kafka\"");
        open();
        assertTrue(manager.segmentsReindexedAtOpen() > 0);
        assertReads(manager.get("orders", 0).orElseThrow(), batches);
        assertEquals("{\"version\": 1, \"index.format\": 2}\n", Files.readString(IndexFormat.file(data)));
        reopen();
        assertEquals(0, manager.segmentsReindexedAtOpen());
    }

    @Test
    void aRecordOfAnotherFormatIsRewrittenToo() throws IOException {
        open();
        write("orders");
        manager.close();
        IndexFiles.rewriteAsFormat1(data.resolve("orders-0"));
        Files.writeString(IndexFormat.file(data), "{\"version\": 1, \"index.format\": 1}\n");
        open();
        assertTrue(manager.segmentsReindexedAtOpen() > 0);
        manager.close();
        assertEquals(List.of(), IndexFiles.kafkaMismatches(data.resolve("orders-0")));
    }
}
