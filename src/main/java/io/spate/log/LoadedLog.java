package io.spate.log;

import java.util.List;

/**
 * What {@link LogLoader} found and repaired on disk: the segments in offset order (the last one active,
 * its indexes at full size), and the offsets a {@link PartitionLog} starts from.
 */
record LoadedLog(List<LogSegment> segments, long logStartOffset, long logEndOffset, long recoveryPoint,
                 long highWatermark, List<EpochEntry> epochs, int bytesTruncated) {
}
