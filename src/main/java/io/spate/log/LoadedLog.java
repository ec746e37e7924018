package io.spate.log;

import java.util.List;

/**
 * What {@link LogLoader} found and repaired on disk: the segments in offset order (the last one active,
 * its indexes at full size), the offsets a {@link PartitionLog} starts from, and its leader epochs.
 */
record LoadedLog(List<LogSegment> segments, LogOffsets offsets, List<EpochEntry> epochs, int bytesTruncated) {
}
