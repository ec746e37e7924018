package io.spate.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spate.common.Time;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Which convention the segment indexes of a data directory follow, recorded in
 * {@code <data>/meta/index-format.json} beside the node's other files:
 * {@code {"version": 1, "index.format": 2}}.
 * <ul>
 * <li>format 1, Spate before this file existed: an {@code .index} entry named its batch's base offset,
 *     a {@code .timeindex} entry the base offset of the batch holding the largest timestamp;</li>
 * <li>format 2, Kafka's convention ({@link OffsetIndex}, {@link TimeIndex}): both name the batch's
 *     last offset, so Kafka's {@code kafka-dump-log.sh --verify-index-only} finds no mismatch.</li>
 * </ul>
 *
 * <p>{@link #upgrade} runs once at start, before any log is opened. A directory whose file names
 * format 2 is left alone. Otherwise (no file: written by an older Spate; or a file naming another
 * format, or one that does not parse, with a warning) every {@code <base>.log} of every
 * {@code <topic>-<partition>} directory the caller lists (opened at this start or not) gets its
 * {@code .index} and {@code .timeindex} written anew from its batch headers
 * ({@link LogSegment#rewriteIndexes}); nothing else in the directory changes. The count is logged
 * once (INFO), then the file is written (atomically). A partition whose rewrite fails (an I/O error)
 * is logged as an ERROR and left to its load, which checks its indexes as always (and an index of
 * either format reads right, see {@link OffsetIndex}); the file is then not written, so the next start
 * tries again. A new, empty data directory just gets the file. Blocking: call it off the event loops.
 */
final class IndexFormat {
    static final String FILE_NAME = "index-format.json";
    /** The index format this build writes. */
    static final int CURRENT = 2;
    private static final int FILE_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final System.Logger LOG = System.getLogger(IndexFormat.class.getName());

    private IndexFormat() {
    }

    /** {@code <data>/meta/index-format.json}. */
    static Path file(Path dataDir) {
        return dataDir.resolve(LogManager.NODE_META_DIR).resolve(FILE_NAME);
    }

    /**
     * Brings the indexes of {@code partitionDirs} (the {@code <topic>-<partition>} directories of
     * {@code dataDir}, with their topic's config from {@code configs}) to {@link #CURRENT} if the file
     * does not say they are; {@code clock} times it for the log line. Returns the number of segments
     * whose indexes were rewritten.
     *
     * @throws IOException if the file cannot be written
     */
    static int upgrade(Path dataDir, Map<Path, String> partitionDirs, Function<String, LogConfig> configs, Time clock)
            throws IOException {
        OptionalInt recorded = read(file(dataDir));
        if (recorded.isPresent() && recorded.getAsInt() == CURRENT) {
            return 0;
        }
        long started = clock.nanoseconds();
        int segments = 0;
        int partitions = 0;
        int failed = 0;
        for (Map.Entry<Path, String> dir : partitionDirs.entrySet()) {
            try {
                int rewritten = rewritePartition(dir.getKey(), configs.apply(dir.getValue()));
                segments += rewritten;
                partitions += rewritten > 0 ? 1 : 0;
            } catch (IOException | RuntimeException e) {
                // its load still checks what it opens; an index of either format reads right (OffsetIndex)
                failed++;
                LOG.log(System.Logger.Level.ERROR, "could not rewrite the indexes of " + dir.getKey() + " to index "
                        + "format " + CURRENT + " (" + e + "); its .log files are unchanged, and the next start tries again", e);
            }
        }
        String from = recorded.isEmpty() ? "1" : recorded.getAsInt() < 0 ? "unknown" : Integer.toString(recorded.getAsInt());
        if (segments > 0) {
            LOG.log(System.Logger.Level.INFO, "rewrote the offset and time indexes of " + segments + " segments in "
                    + partitions + " partitions of " + dataDir + " from index format " + from + " to " + CURRENT
                    + " (Kafka's: entries name a batch's last offset) in " + (clock.nanoseconds() - started) / 1_000_000
                    + " ms; the .log files are unchanged");
        }
        if (failed == 0) {
            AtomicFile.write(file(dataDir), ("{\"version\": " + FILE_VERSION + ", \"index.format\": " + CURRENT + "}\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return segments;
    }

    /** Rewrites the indexes of every non-empty segment in {@code dir}; returns how many. */
    private static int rewritePartition(Path dir, LogConfig config) throws IOException {
        List<Long> bases = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                OptionalLong base = LogFileUtils.baseOffset(f.getFileName().toString(), LogFileUtils.LOG_SUFFIX);
                if (base.isPresent() && Files.size(f) > 0) {
                    bases.add(base.getAsLong());
                }
            }
        }
        for (long base : bases) {
            LogSegment s = LogSegment.open(dir, base, config.segmentIndexBytes(), false);
            try {
                s.rewriteIndexes(config.indexIntervalBytes());
            } finally {
                s.closeWithoutTrimming();
            }
        }
        return bases.size();
    }

    /** The format the file names; empty if there is no file, or (with a warning) it does not parse. */
    static OptionalInt read(Path file) {
        if (!Files.exists(file)) {
            return OptionalInt.empty();
        }
        try {
            JsonNode n = JSON.readTree(file.toFile());
            if (n != null && n.path("version").asInt() == FILE_VERSION && n.path("index.format").canConvertToInt()) {
                int format = n.path("index.format").asInt();
                if (format != CURRENT) {
                    LOG.log(System.Logger.Level.WARNING, file + " names index format " + format + "; this build "
                            + "reads and writes format " + CURRENT + ", so every segment's indexes are written anew");
                }
                return OptionalInt.of(format);
            }
        } catch (IOException e) {
            // told below, like any other content this build does not read
        }
        LOG.log(System.Logger.Level.WARNING, file + " is not an index format record this build reads; every "
                + "segment's indexes are written anew from the .log files, and the file replaced");
        return OptionalInt.of(-1);
    }
}
