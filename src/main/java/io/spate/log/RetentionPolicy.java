package io.spate.log;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Which segments retention gives up (Kafka's {@code deleteRetentionMsBreachedSegments},
 * {@code deleteRetentionSizeBreachedSegments} and {@code deleteLogStartOffsetBreachedSegments}, as one
 * pass): the longest prefix of the non-active segments in which each segment is
 * <ul>
 * <li>expired: its largest timestamp is more than retention.ms before now (retention.ms {@code >= 0}), or</li>
 * <li>excess: the log minus the segments before it is still larger than retention.bytes by at least
 *     this segment's size (retention.bytes {@code >= 0}), or</li>
 * <li>below the log start offset: the next segment starts at or below it.</li>
 * </ul>
 * The first two apply only when cleanup.policy includes delete. The active segment is never deleted.
 */
final class RetentionPolicy {
    private RetentionPolicy() {
    }

    /** The segments to delete, oldest first, from a snapshot of {@code log} (the last segment is active). */
    static List<LogSegment> deletable(LogSegments log, LogConfig config, long logStartOffset, long nowMs)
            throws IOException {
        List<LogSegment> segments = log.toList();
        long size = 0;
        for (LogSegment s : segments) {
            size += s.sizeInBytes();
        }
        boolean bySize = config.deleteEnabled() && config.retentionBytes() >= 0;
        boolean byTime = config.deleteEnabled() && config.retentionMs() >= 0;
        long excess = size - config.retentionBytes();
        List<LogSegment> deletable = new ArrayList<>();
        for (int i = 0; i < segments.size() - 1; i++) {
            LogSegment s = segments.get(i);
            boolean expired = byTime && nowMs - s.largestTimestamp() > config.retentionMs();
            boolean oversize = bySize && excess >= s.sizeInBytes();
            boolean belowStart = segments.get(i + 1).baseOffset() <= logStartOffset;
            if (!expired && !oversize && !belowStart) {
                break;
            }
            excess -= s.sizeInBytes();
            deletable.add(s);
        }
        return deletable;
    }
}
