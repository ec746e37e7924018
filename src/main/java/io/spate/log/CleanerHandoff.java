package io.spate.log;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The owner's side of compaction on one partition log: at most one {@link CleanerPass} under way, handed
 * to a worker by {@link #prepare} (step 1) and taken back by {@link #complete} (step 3), which swaps the
 * cleaned copies in ({@link CleanedSegmentSwap}). Between the two the pass reads only its snapshot of
 * closed segments; the owner goes on appending, and may delete or truncate segments the pass read
 * (the swap then skips them).
 *
 * <p>Threading: {@link #prepare} and {@link #complete} on the owner; {@link #cancel} on any thread (the
 * log's close), which is why the pass under way is held in a volatile field.
 */
final class CleanerHandoff {
    private final String partition;
    private final Path dir;
    private final LogSegments segments;
    private final SegmentDeleter deleter;
    private final LogLifecycle lifecycle;
    private final LogFlusher flusher;
    /** The pass between prepare and complete, or null. Set and cleared on the owner. */
    private volatile CleanerPass underWay;

    CleanerHandoff(String partition, Path dir, LogSegments segments, SegmentDeleter deleter, LogLifecycle lifecycle,
                   LogFlusher flusher) {
        this.partition = partition;
        this.dir = dir;
        this.segments = segments;
        this.deleter = deleter;
        this.lifecycle = lifecycle;
        this.flusher = flusher;
    }

    /** See {@link PartitionLog#prepareCleaning}: null when no pass is due. */
    CleanerPass prepare(LogConfig config, long lastStableOffset, long nowMs, int maxKeys,
                        java.util.function.Supplier<java.util.Map<Long, Long>> producerLastBatches,
                        java.util.function.LongFunction<List<AbortedTxn>> abortedBelow) {
        if (!config.compactEnabled() || lifecycle.state() != LogState.OPEN || underWay != null) {
            return null;
        }
        List<LogSegment> cleanable = CleanerPass.cleanable(segments, lastStableOffset);
        if (cleanable.isEmpty()) {
            return null;
        }
        long end = segments.nextBaseOffset(cleanable.get(cleanable.size() - 1));
        underWay = new CleanerPass(partition, dir, cleanable, nowMs, config.deleteRetentionMs(), maxKeys,
                producerLastBatches.get(), new AbortedRanges(abortedBelow.apply(end)));
        return underWay;
    }

    /** See {@link PartitionLog#completeCleaning}. */
    CleanerStats complete(CleanerPass pass, LogConfig config, long nowMs) {
        if (pass != underWay || pass == null) {
            throw new IllegalArgumentException("not the compaction pass under way on " + partition);
        }
        underWay = null;
        if (pass.failure() != null) {
            throw pass.failure();
        }
        if (lifecycle.state() != LogState.OPEN) {
            pass.deleteFiles();
            return CleanerStats.NOTHING;
        }
        try {
            CleanerStats stats = CleanedSegmentSwap.swapIn(pass, segments, deleter, dir, config,
                    nowMs + config.fileDeleteDelayMs());
            flusher.directoryChanged();
            deleter.removeDue(nowMs);
            return stats;
        } catch (IOException e) {
            throw lifecycle.transitionToOffline("compaction swap", dir, e);
        }
    }

    /** Asks the pass under way, if any, to stop (the log is closing). Any thread. */
    void cancel() {
        CleanerPass pass = underWay;
        if (pass != null) {
            pass.cancel();
        }
    }
}
