package io.spate.log;

/**
 * What one cleaner pass did to a partition log.
 *
 * @param segmentsCleaned  closed segments the pass looked at
 * @param segmentsRewritten segments replaced by a smaller cleaned copy
 * @param segmentsRemoved  segments left without a batch and removed from the log
 * @param recordsRemoved   superseded records and expired tombstones dropped
 * @param bytesBefore      bytes of the segments the pass looked at
 * @param bytesAfter       bytes of those segments after the pass
 */
public record CleanerStats(int segmentsCleaned, int segmentsRewritten, int segmentsRemoved, long recordsRemoved,
                           long bytesBefore, long bytesAfter) {

    /** A pass that found nothing to clean. */
    public static final CleanerStats NOTHING = new CleanerStats(0, 0, 0, 0, 0, 0);
}
