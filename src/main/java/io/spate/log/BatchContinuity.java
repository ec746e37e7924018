package io.spate.log;

/**
 * The offset rules every batch of a segment must keep, checked wherever batches are read or recovered
 * (the batch header's baseOffset and length lie outside the CRC, so a flipped bit there passes it):
 *
 * <ul>
 * <li>offsets only grow: each batch's baseOffset is above the previous batch's lastOffset;</li>
 * <li>every offset lies in the segment's range, [segment base offset, next segment's base offset);</li>
 * <li>recordCount is at most lastOffsetDelta + 1 (compaction keeps a batch's offset span and drops records
 *     from it, see {@code RetainedBatchBuilder}), and exactly that in a log that was never compacted;</li>
 * <li>in a log that was never compacted ({@code contiguous}: cleanup.policy without compact), there is no
 *     gap either: each batch's baseOffset is the previous batch's lastOffset + 1.</li>
 * </ul>
 * The first batch of a segment may start above the segment's base offset even then (a follower that
 * restarted at its leader's log start offset, for one), so only the range is checked for it.
 *
 * <p>One instance walks one segment in file order; not thread-safe.
 */
final class BatchContinuity {
    private final long segmentBase;
    private final long segmentLimit;
    private final boolean contiguous;
    private boolean hasPrevious;
    private long previousLast;

    /**
     * @param segmentLimit the next segment's base offset (offsets must stay below it), or
     *                     {@link Long#MAX_VALUE} for the last segment
     */
    BatchContinuity(long segmentBase, long segmentLimit, boolean contiguous) {
        this.segmentBase = segmentBase;
        this.segmentLimit = segmentLimit;
        this.contiguous = contiguous;
    }

    /** Why {@code h}, the batch after the previous one checked, breaks the rules; null if it keeps them. */
    String violation(BatchHeader h) {
        if (h.baseOffset() < segmentBase || h.lastOffset() >= segmentLimit) {
            return "batch offsets " + h.baseOffset() + ".." + h.lastOffset() + " lie outside the segment's range ["
                    + segmentBase + ", " + (segmentLimit == Long.MAX_VALUE ? "end" : Long.toString(segmentLimit)) + ")";
        }
        if (h.recordCount() < 0 || h.recordCount() > h.lastOffsetDelta() + 1L
                || (contiguous && h.recordCount() != h.lastOffsetDelta() + 1L)) {
            return "recordCount " + h.recordCount() + " does not fit lastOffsetDelta " + h.lastOffsetDelta();
        }
        if (hasPrevious) {
            if (h.baseOffset() <= previousLast) {
                return "baseOffset " + h.baseOffset() + " is not above the previous batch's last offset " + previousLast;
            }
            if (contiguous && h.baseOffset() != previousLast + 1) {
                return "baseOffset " + h.baseOffset() + " leaves a gap after the previous batch's last offset "
                        + previousLast + " in a log that is never compacted";
            }
        }
        return null;
    }

    /** Checks {@code h} and makes it the previous batch; returns the violation or null. */
    String next(BatchHeader h) {
        String v = violation(h);
        if (v == null) {
            hasPrevious = true;
            previousLast = h.lastOffset();
        }
        return v;
    }
}
