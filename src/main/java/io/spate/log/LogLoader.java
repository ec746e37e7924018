package io.spate.log;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Opens a partition directory and makes it consistent (Kafka's {@code LogLoader}).
 *
 * <ol>
 * <li>Leftovers are removed: {@code *.deleted} segment files, {@code *.tmp} checkpoint files,
 *     {@code *.cleaned} files of an unfinished compaction pass, index files whose {@code .log} is gone.
 *     A compaction swap is completed: {@code <base>.log.swap} is always a complete, fsynced cleaned copy,
 *     so it replaces {@code <base>.log} (whose index files are deleted, to be rebuilt).</li>
 * <li>Segments are opened in offset order. After an unclean shutdown, every segment that holds offsets
 *     at or past the checkpointed recovery point is scanned batch by batch (length, magic, offsets
 *     moving forward, CRC32C) and its indexes rebuilt. Below the recovery point, and after a clean
 *     shutdown, the files are trusted but checked cheaply: the indexes must be plausible and a header
 *     walk from the last index entry must end exactly at the end of the file (plus, after a clean
 *     shutdown, the active segment's last batch must pass its CRC). A segment failing that is scanned.</li>
 * <li>At the first bad batch the file is cut, and every later segment is deleted: a torn tail costs the
 *     torn batches and nothing before them, and never stops the open.</li>
 * <li>What was scanned is fsynced, so the recovery point becomes the log end offset.</li>
 * </ol>
 */
final class LogLoader {
    private final Path dir;
    private final LogConfig config;
    private final boolean hadCleanShutdown;
    private final long nowMs;

    LogLoader(Path dir, LogConfig config, boolean hadCleanShutdown, long nowMs) {
        this.dir = dir;
        this.config = config;
        this.hadCleanShutdown = hadCleanShutdown;
        this.nowMs = nowMs;
    }

    LoadedLog load() throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            // the new directory's entry must survive a crash as much as the segments inside it
            CheckpointFile.fsyncDirectory(dir.toAbsolutePath().getParent());
        }
        TreeMap<Long, Path> logFiles = removeLeftoversAndListSegments();
        Optional<PartitionCheckpoint> checkpoint = PartitionCheckpoint.read(dir);
        Optional<List<EpochEntry>> savedEpochs = LeaderEpochCheckpointFile.read(dir);
        LeaderEpochCache epochs = new LeaderEpochCache(() -> -1L, savedEpochs.orElse(List.of()));
        long checkpointedStart = checkpoint.map(PartitionCheckpoint::logStartOffset).orElse(0L);
        List<LogSegment> segments = new ArrayList<>();
        try {
            for (long base : logFiles.keySet()) {
                segments.add(LogSegment.open(dir, base, config.segmentIndexBytes(), false));
            }
            int truncated = recoverSegments(segments, checkpoint.map(PartitionCheckpoint::recoveryPoint).orElse(0L),
                    epochs);
            if (segments.isEmpty()) {
                segments.add(LogSegment.create(dir, checkpointedStart, config.segmentIndexBytes()));
            }
            long logStart = Math.max(checkpointedStart, segments.get(0).baseOffset());
            long logEnd = segments.get(segments.size() - 1).nextOffset();
            if (logStart > logEnd) {
                // the files end before offsets retention already gave up: never hand those offsets out again
                for (LogSegment s : segments) {
                    s.closeAndDelete();
                }
                segments.clear();
                segments.add(LogSegment.create(dir, logStart, config.segmentIndexBytes()));
                logEnd = logStart;
                epochs.clear();
            }
            if (savedEpochs.isEmpty()) {
                epochs.clear();
                for (LogSegment s : segments) {
                    s.assignEpochs(epochs);
                }
            }
            epochs.truncateFromEnd(logEnd);
            epochs.truncateFromStart(logStart);
            for (int i = 0; i < segments.size() - 1; i++) {
                segments.get(i).onBecomeInactive();
            }
            LogSegment active = segments.get(segments.size() - 1);
            active.makeActive();
            active.capRollingBaseTime(nowMs);
            if (!hadCleanShutdown) {
                for (LogSegment s : segments) {
                    s.flush();
                }
                CheckpointFile.fsyncDirectory(dir);
            }
            long hw = checkpoint.map(PartitionCheckpoint::highWatermark).orElse(logStart);
            // recovery point at the log end: a clean shutdown flushed everything, an unclean one was flushed above
            LogOffsets offsets = new LogOffsets(logStart, logStart, logEnd, logEnd).withHighWatermark(hw);
            return new LoadedLog(List.copyOf(segments), offsets, epochs.entries(), truncated);
        } catch (IOException | RuntimeException e) {
            for (LogSegment s : segments) {
                try {
                    s.log().close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    /**
     * Checks or scans each segment as described in the class comment; at the first cut, deletes the
     * segments after it from the list and the disk. Returns the bytes cut off (including deleted files).
     */
    private int recoverSegments(List<LogSegment> segments, long recoveryPoint, LeaderEpochCache epochs)
            throws IOException {
        boolean scanning = false;
        for (int i = 0; i < segments.size(); i++) {
            LogSegment seg = segments.get(i);
            boolean last = i == segments.size() - 1;
            long segmentEnd = last ? Long.MAX_VALUE : segments.get(i + 1).baseOffset();
            int cut;
            if (!hadCleanShutdown && segmentEnd > recoveryPoint) {
                if (!scanning) {
                    // the scan re-assigns every epoch from here on, in order
                    epochs.truncateFromEnd(seg.baseOffset());
                    scanning = true;
                }
                cut = seg.recover(config.indexIntervalBytes(), epochs);
            } else if (seg.indexesTrusted() && seg.loadFromIndexes(hadCleanShutdown && last)) {
                cut = 0;
            } else {
                cut = seg.recover(config.indexIntervalBytes(), epochs);
            }
            if (cut > 0) {
                List<LogSegment> after = new ArrayList<>(segments.subList(i + 1, segments.size()));
                for (LogSegment s : after) {
                    cut += s.sizeInBytes();
                    s.closeAndDelete();
                }
                segments.removeAll(after);
                return cut;
            }
        }
        return 0;
    }

    /** Deletes leftovers and returns the segment .log files by base offset. */
    private TreeMap<Long, Path> removeLeftoversAndListSegments() throws IOException {
        TreeMap<Long, Path> logs = new TreeMap<>();
        List<Path> indexes = new ArrayList<>();
        List<Path> swaps = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                OptionalLong log = LogFileUtils.baseOffset(name, LogFileUtils.LOG_SUFFIX);
                if (LogFileUtils.isLeftover(name) || name.endsWith(CheckpointFile.TMP_SUFFIX)) {
                    Files.deleteIfExists(f);
                } else if (LogFileUtils.swapFileBaseOffset(name).isPresent()) {
                    swaps.add(f);
                } else if (log.isPresent()) {
                    logs.put(log.getAsLong(), f);
                } else if (indexBaseOffset(name).isPresent()) {
                    indexes.add(f);
                }
            }
        }
        for (Path swap : swaps) {
            long base = LogFileUtils.swapFileBaseOffset(swap.getFileName().toString()).getAsLong();
            Files.deleteIfExists(LogFileUtils.offsetIndexFile(dir, base));
            Files.deleteIfExists(LogFileUtils.timeIndexFile(dir, base));
            Path log = LogFileUtils.logFile(dir, base);
            Files.move(swap, log, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            logs.put(base, log);
        }
        if (!swaps.isEmpty()) {
            CheckpointFile.fsyncDirectory(dir);
        }
        for (Path index : indexes) {
            if (!logs.containsKey(indexBaseOffset(index.getFileName().toString()).getAsLong())) {
                Files.deleteIfExists(index);
            }
        }
        return logs;
    }

    /** The base offset of a {@code <base>.index} or {@code <base>.timeindex} name; empty for any other. */
    private static OptionalLong indexBaseOffset(String name) {
        OptionalLong index = LogFileUtils.baseOffset(name, LogFileUtils.INDEX_SUFFIX);
        return index.isPresent() ? index : LogFileUtils.baseOffset(name, LogFileUtils.TIME_INDEX_SUFFIX);
    }
}
