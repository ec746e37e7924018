package io.spate.log;

import java.util.List;

/**
 * What {@link LogLoader} found and repaired on disk: the segments in offset order (the last one active,
 * its indexes at full size), the offsets a {@link PartitionLog} starts from, and its leader epochs.
 */
record LoadedLog(List<LogSegment> segments, LogOffsets offsets, List<EpochEntry> epochs, int bytesTruncated) {
    /**
     * No segment, and the offsets of {@code dir}'s checkpoint (zeros without a readable one): what a log
     * held offline because its files failed the load shows, for views only.
     */
    static LoadedLog nothingFrom(java.nio.file.Path dir) {
        PartitionCheckpoint cp;
        try {
            cp = PartitionCheckpoint.read(dir).orElse(new PartitionCheckpoint(0, 0, 0));
        } catch (java.io.IOException | RuntimeException e) {
            cp = new PartitionCheckpoint(0, 0, 0);
        }
        LogOffsets offsets = new LogOffsets(cp.logStartOffset(), cp.highWatermark(), cp.recoveryPoint(), cp.recoveryPoint());
        return new LoadedLog(List.of(), offsets, List.of(), 0);
    }
}
