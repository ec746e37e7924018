package io.spate.log;

import static io.spate.log.TestLogs.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.testing.Eventually;
import io.spate.testing.MockTime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The index files of inactive segments are mapped on first use, not at load: a partition with many
 * segments holds one descriptor per segment (its .log) and index mappings for its active segment only.
 * Counted in /proc/self/maps and /proc/self/fd, so Linux only.
 */
@EnabledOnOs(OS.LINUX)
class LazyIndexTest {
    private static final int SEGMENTS = 60;

    @TempDir
    Path tmp;
    private final MockTime clock = new MockTime(1_000_000);

    /** Mappings of this directory's .index and .timeindex files, once the GC has unmapped dropped ones. */
    private long indexMappings(Path dir) throws IOException {
        String prefix = dir.toRealPath().toString();
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/maps"))) {
            return lines.filter(l -> l.contains(prefix) && (l.endsWith(".index") || l.endsWith(".timeindex"))).count();
        }
    }

    /** The names of the files of this directory that have an open descriptor, one entry per descriptor. */
    private List<String> descriptors(Path dir) throws IOException {
        String prefix = dir.toRealPath().toString();
        List<String> open = new java.util.ArrayList<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    if (Files.readSymbolicLink(fd).toString().startsWith(prefix)) {
                        open.add(Files.readSymbolicLink(fd).getFileName().toString());
                    }
                } catch (IOException gone) {
                    // closed while listing
                }
            }
        }
        return open;
    }

    private long settledIndexMappings(Path dir, long atMost) {
        long[] seen = new long[1];
        Eventually.eventually(Duration.ofSeconds(10), "at most " + atMost + " index mappings", () -> {
            System.gc(); // a dropped mapping is unmapped when its buffer is collected
            try {
                seen[0] = indexMappings(dir);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return seen[0] <= atMost;
        }, () -> seen[0] + " mappings");
        return seen[0];
    }

    /** Writes a log of many segments and closes it (in a method of its own: nothing of it stays reachable). */
    private int writeAndClose(Path dir, LogConfig cfg) {
        PartitionLog log = TestLogs.open(dir, cfg, clock, true);
        TestLogs.appendMany(log, "v", SEGMENTS * 2, 100);
        log.updateHighWatermark(SEGMENTS * 2);
        int segments = log.segmentCount();
        log.close();
        return segments;
    }

    @Test
    void inactiveSegmentsMapTheirIndexesOnlyOnceRead() throws IOException {
        Path dir = tmp.resolve("orders-0");
        LogConfig cfg = config("segment.bytes", Integer.toString(TestLogs.batchSize("v0-") * 2), "index.interval.bytes", "0");
        int segments = writeAndClose(dir, cfg);
        assertTrue(segments >= SEGMENTS, segments + " segments");

        PartitionLog reopened = TestLogs.open(dir, cfg, clock, true);
        try {
            long mappings = settledIndexMappings(dir, 2);
            List<String> fds = descriptors(dir);
            System.out.println("partition of " + segments + " segments after load: " + fds.size() + " descriptors, "
                    + mappings + " index mappings");
            assertEquals(segments, fds.size(), "one descriptor per segment (its .log); index files keep none: " + fds);
            assertTrue(fds.stream().allMatch(f -> f.endsWith(".log")), fds.toString());
            assertEquals(2, mappings, "only the active segment's two indexes are mapped");

            // a read of an old segment maps its indexes, and reads right
            assertEquals(List.of("v10-0", "v11-0"), TestLogs.readValues(reopened, 10).subList(0, 2));
            assertEquals(14, reopened.offsetForTimestamp(114));
            assertTrue(indexMappings(dir) > 2);
            assertEquals(segments, descriptors(dir).size());
        } finally {
            reopened.close();
        }
    }
}
