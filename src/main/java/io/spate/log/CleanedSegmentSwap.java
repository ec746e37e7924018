package io.spate.log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Step 3 of a {@link CleanerPass}: replaces segments by their cleaned copies, on the owner thread.
 *
 * <p>Per segment, in offset order (so a tombstone is never dropped before the older values it hides):
 * <ol>
 * <li>the old segment's files are renamed {@code .deleted} and scheduled for removal (its file
 *     channel stays open for readers until then), all but its {@code .txnindex}: compaction keeps every
 *     transaction marker at its offset, so the cleaned copy opens the same aborted transaction index;</li>
 * <li>{@code <base>.log.swap} (complete and fsynced by the worker) is renamed {@code <base>.log};</li>
 * <li>the new segment is opened, its indexes built, and put in the old one's place in {@link LogSegments}.</li>
 * </ol>
 * A crash anywhere in between leaves a {@code .swap} file that {@link LogLoader} completes (or the
 * finished rename): never a state without the records.
 */
final class CleanedSegmentSwap {
    private CleanedSegmentSwap() {
    }

    static CleanerStats swapIn(CleanerPass pass, LogSegments segments,
                               SegmentDeleter deleter, Path dir, LogConfig config, long deleteAtMs) throws IOException {
        int rewritten = 0;
        int removed = 0;
        long recordsRemoved = 0;
        long bytesBefore = 0;
        long bytesAfter = 0;
        List<SegmentCleaner.Result> results = pass.results();
        for (int i = 0; i < results.size(); i++) {
            SegmentCleaner.Result r = results.get(i);
            LogSegment old = r.original();
            long base = old.baseOffset();
            bytesBefore += old.sizeInBytes();
            boolean first = segments.firstBaseOffset() == base;
            if (!segments.contains(old) || (r.swapFile() == null && r.outcome() == SegmentCleaner.Outcome.EMPTIED
                    && first)) {
                // gone meanwhile (retention, truncation), or it became the first segment, which must stay
                deleteQuietly(r.swapFile());
                bytesAfter += segments.contains(old) ? old.sizeInBytes() : 0;
                continue;
            }
            switch (r.outcome()) {
                case UNCHANGED -> bytesAfter += old.sizeInBytes();
                case EMPTIED, REWRITTEN -> {
                    recordsRemoved += r.recordsRemoved();
                    if (r.swapFile() != null) {
                        old.handOverTxnIndex(); // the copy keeps every marker, so their .txnindex stays in place
                    }
                    deleter.schedule(old, deleteAtMs);
                    if (r.swapFile() == null) {
                        segments.remove(old);
                        removed++;
                    } else {
                        Files.move(r.swapFile(), LogFileUtils.logFile(dir, base),
                                StandardCopyOption.ATOMIC_MOVE);
                        LogSegment fresh = LogSegment.openCleaned(dir, base, config.segmentIndexBytes(),
                                config.indexIntervalBytes());
                        segments.replace(old, fresh);
                        bytesAfter += fresh.sizeInBytes();
                        rewritten++;
                    }
                }
                default -> throw new IllegalStateException("unknown outcome " + r.outcome());
            }
        }
        return new CleanerStats(results.size(), rewritten, removed, recordsRemoved, bytesBefore, bytesAfter);
    }

    private static void deleteQuietly(Path file) throws IOException {
        if (file != null) {
            Files.deleteIfExists(file);
        }
    }
}
