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
 *     so it replaces {@code <base>.log} (whose offset and time index files are deleted, to be rebuilt;
 *     its {@code .txnindex} stays, since compaction keeps every marker).</li>
 * <li>Segments are opened in offset order. After an unclean shutdown, every segment that holds offsets
 *     at or past the checkpointed recovery point is scanned batch by batch (length, magic, CRC32C, and
 *     the offset rules of {@link BatchContinuity}: offsets moving forward inside the segment's range,
 *     without gaps in a log that is never compacted) and its indexes rebuilt. Below the recovery point, and after a clean
 *     shutdown, the files are trusted but checked cheaply: the indexes must be plausible and a header
 *     walk from the last index entry must end exactly at the end of the file (plus, after a clean
 *     shutdown, the active segment's last batch must pass its CRC). A segment failing that is scanned.</li>
 * <li>Only a torn tail of the last segment is cut: the first bad batch starts bytes that run to the end
 *     of the file with no intact batch after them ({@link FileRecords#isTornTail}), what a crash during
 *     an append leaves. Any other damage (in an earlier segment, a bad batch followed by intact ones,
 *     offsets that do not continue, segments that leave a gap in a log never compacted) cuts and deletes
 *     nothing: the load fails with a {@link SegmentCorruptionException} naming file, position and reason,
 *     and {@link LogManager} holds the partition offline.</li>
 * <li>An empty last segment whose base offset lies past the log's end (a stray file: the log never
 *     makes one) is renamed to {@code <name>.stray}, with a warning, instead of moving the log end
 *     offset. Files of other names are left alone, with one warning.</li>
 * <li>A scanned segment's aborted transaction index ({@code .txnindex}) loses the entries of markers
 *     past its end; the producer state replay then rebuilds the entries of the batches it replays.</li>
 * <li>What was scanned is fsynced, so the recovery point becomes the log end offset.</li>
 * <li>The inactive segments' index mappings are released; a read maps them again ({@link LazyIndex}).</li>
 * </ol>
 * The producer state snapshots ({@code <offset>.snapshot}) are left for {@link ProducerStateLoader},
 * which {@link PartitionLog#open} runs on the loaded segments.
 */
final class LogLoader {
    /** Suffix of a segment file set aside as stray (see {@link #isStray}). */
    static final String STRAY_SUFFIX = ".stray";
    private static final System.Logger LOG = System.getLogger(LogLoader.class.getName());
    /** The files beside the segments that belong to the log. */
    private static final java.util.Set<String> KNOWN_FILES = java.util.Set.of(PartitionCheckpoint.FILE_NAME,
            LeaderEpochCheckpointFile.FILE_NAME);
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
            int truncated = recoverSegments(segments, checkpoint, epochs);
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
            for (int i = 0; i < segments.size() - 1; i++) {
                // an idle partition holds no index mapping for its inactive segments: mapped again on first use
                segments.get(i).releaseIndexes();
            }
            long hw = checkpoint.map(PartitionCheckpoint::highWatermark).orElse(logStart);
            // recovery point at the log end: a clean shutdown flushed everything, an unclean one was flushed above
            LogOffsets offsets = new LogOffsets(logStart, logStart, logEnd, logEnd).withHighWatermark(hw);
            if (truncated > 0) {
                LOG.log(System.Logger.Level.WARNING, "recovery of " + dir.getFileName() + " cut " + truncated
                        + " bytes of torn or corrupt batches; the log now ends at offset " + logEnd);
            }
            return new LoadedLog(List.copyOf(segments), offsets, epochs.entries(), truncated);
        } catch (IOException | RuntimeException e) {
            closeAfterFailure(segments, e);
            throw e;
        }
    }

    /** Closes the files of {@code segments} after {@code failure} of their load; errors go to its suppressed. */
    static void closeAfterFailure(List<LogSegment> segments, Exception failure) {
        for (LogSegment s : segments) {
            try {
                s.log().close();
            } catch (IOException suppressed) {
                failure.addSuppressed(suppressed);
            }
        }
    }

    /**
     * Checks or scans each segment as described in the class comment. Only a torn tail of the last
     * segment is cut (returns the bytes cut); any other damage is thrown, with nothing cut or deleted.
     * An empty last segment is judged once the segments before it are loaded: a stray one is set
     * aside ({@link #isStray}), a legitimate one (a roll just before a crash) stays the active segment.
     *
     * @throws SegmentCorruptionException for damage that takes the partition offline
     */
    private int recoverSegments(List<LogSegment> segments, Optional<PartitionCheckpoint> checkpoint,
                                LeaderEpochCache epochs) throws IOException {
        LogSegment trailingEmpty = segments.isEmpty() || !segments.get(segments.size() - 1).isEmpty() ? null
                : segments.remove(segments.size() - 1);
        int cut = recoverNonEmpty(segments, checkpoint, epochs);
        if (trailingEmpty != null) {
            LogSegment previous = segments.isEmpty() ? null : segments.get(segments.size() - 1);
            if (isStray(trailingEmpty, previous, checkpoint)) {
                quarantine(trailingEmpty, previous);
            } else {
                if (previous != null && (trailingEmpty.baseOffset() < previous.nextOffset()
                        || (!config.compactEnabled() && trailingEmpty.baseOffset() != previous.nextOffset()))) {
                    throw new SegmentCorruptionException(trailingEmpty.log().file(), 0, "the empty segment starts at offset "
                            + trailingEmpty.baseOffset() + " but the segment before it ends at " + previous.nextOffset());
                }
                trailingEmpty.recover(config.indexIntervalBytes(), epochs,
                        new BatchContinuity(trailingEmpty.baseOffset(), Long.MAX_VALUE, false), true);
                segments.add(trailingEmpty);
            }
        }
        return cut;
    }

    private int recoverNonEmpty(List<LogSegment> segments, Optional<PartitionCheckpoint> checkpoint,
                                LeaderEpochCache epochs) throws IOException {
        long recoveryPoint = checkpoint.map(PartitionCheckpoint::recoveryPoint).orElse(0L);
        boolean contiguous = !config.compactEnabled();
        boolean scanning = false;
        for (int i = 0; i < segments.size(); i++) {
            LogSegment seg = segments.get(i);
            LogSegment previous = i == 0 ? null : segments.get(i - 1);
            if (previous != null && contiguous && seg.baseOffset() != previous.nextOffset()) {
                throw new SegmentCorruptionException(seg.log().file(), 0, "the segment starts at offset "
                        + seg.baseOffset() + " but the one before it ends at " + previous.nextOffset()
                        + ": a gap in a log that is never compacted");
            }
            boolean last = i == segments.size() - 1;
            long segmentEnd = last ? Long.MAX_VALUE : segments.get(i + 1).baseOffset();
            BatchContinuity rules = new BatchContinuity(seg.baseOffset(), segmentEnd, contiguous);
            int cut;
            if (!hadCleanShutdown && segmentEnd > recoveryPoint) {
                if (!scanning) {
                    // the scan re-assigns every epoch from here on, in order
                    epochs.truncateFromEnd(seg.baseOffset());
                    scanning = true;
                }
                cut = seg.recover(config.indexIntervalBytes(), epochs, rules, last);
            } else if (seg.indexesTrusted() && seg.loadFromIndexes(hadCleanShutdown && last, rules)) {
                cut = 0;
            } else {
                cut = seg.recover(config.indexIntervalBytes(), epochs,
                        new BatchContinuity(seg.baseOffset(), segmentEnd, contiguous), last);
            }
            if (cut > 0) {
                return cut; // only ever the last segment
            }
        }
        return 0;
    }

    /**
     * Is {@code seg}, an empty last segment, a stray file rather than part of the log: is its base
     * offset above where the log ends (the previous segment's end; for a lone segment, the checkpointed
     * log start and high watermark), and above the checkpointed recovery point? The log never creates
     * one: a roll starts the new segment at the log end, and a first segment starts at the log start.
     * Opened, it would move the log end offset to its name.
     */
    private static boolean isStray(LogSegment seg, LogSegment previous, Optional<PartitionCheckpoint> checkpoint) {
        long recoveryPoint = checkpoint.map(PartitionCheckpoint::recoveryPoint).orElse(0L);
        if (previous != null) {
            return seg.baseOffset() > previous.nextOffset() && seg.baseOffset() > recoveryPoint;
        }
        return checkpoint.isPresent() && seg.baseOffset() > checkpoint.get().logStartOffset()
                && seg.baseOffset() > recoveryPoint && seg.baseOffset() > checkpoint.get().highWatermark();
    }

    /** Renames a stray segment's files to {@code <name>.stray}, with a warning: nothing is deleted. */
    private void quarantine(LogSegment seg, LogSegment previous) throws IOException {
        Path file = seg.log().file();
        seg.log().close();
        for (Path f : List.of(file, seg.offsetIndex().file(), seg.timeIndex().file())) {
            if (Files.exists(f)) {
                Files.move(f, f.resolveSibling(f.getFileName() + STRAY_SUFFIX), StandardCopyOption.ATOMIC_MOVE);
            }
        }
        CheckpointFile.fsyncDirectory(dir);
        LOG.log(System.Logger.Level.WARNING, "set aside stray segment file " + file + " as " + file.getFileName()
                + STRAY_SUFFIX + ": it is empty and starts at offset " + seg.baseOffset() + ", past the log's end ("
                + (previous == null ? "no segment before it" : "the segment before it ends at " + previous.nextOffset())
                + "); opening it would have moved the log end offset there");
    }

    /** Deletes leftovers and returns the segment .log files by base offset. */
    private TreeMap<Long, Path> removeLeftoversAndListSegments() throws IOException {
        TreeMap<Long, Path> logs = new TreeMap<>();
        List<Path> indexes = new ArrayList<>();
        List<Path> swaps = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
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
                } else if (!KNOWN_FILES.contains(name) && LogFileUtils.snapshotOffset(name).isEmpty()) {
                    unknown.add(name);
                }
            }
        }
        if (!unknown.isEmpty()) {
            // left alone: they may be an operator's (a segment set aside, a copy); one warning per open
            LOG.log(System.Logger.Level.WARNING, "partition directory " + dir + " holds files that are not part of "
                    + "the log, left alone: " + unknown.stream().sorted().toList());
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

    /** The base offset of a {@code <base>.index}, {@code .timeindex} or {@code .txnindex} name; empty for any other. */
    private static OptionalLong indexBaseOffset(String name) {
        OptionalLong index = LogFileUtils.baseOffset(name, LogFileUtils.INDEX_SUFFIX);
        if (index.isPresent()) {
            return index;
        }
        OptionalLong time = LogFileUtils.baseOffset(name, LogFileUtils.TIME_INDEX_SUFFIX);
        return time.isPresent() ? time : LogFileUtils.baseOffset(name, LogFileUtils.TXN_INDEX_SUFFIX);
    }
}
