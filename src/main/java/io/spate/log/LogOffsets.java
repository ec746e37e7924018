package io.spate.log;

/**
 * The four offsets of one partition log at one moment, named apart as Redpanda and Kafka do:
 * <ul>
 * <li>log start: the first offset readable; moved up by retention, reset by a full truncation;</li>
 * <li>high watermark: set by the broker (replicated offsets); reads for consumers stop there;</li>
 * <li>log end: the offset the next append gets;</li>
 * <li>recovery point: everything below it is fsynced; recovery after a crash scans from there.</li>
 * </ul>
 * Each method below is one way the offsets move. Given arguments that fit the log (an append or a
 * truncation leaves the log end at or above the log start; a segment's base offset is at or below the
 * log end), each keeps {@code logStartOffset <= highWatermark <= logEndOffset} and
 * {@code recoveryPoint <= logEndOffset} if they held before. Nothing checks them: the constructor takes
 * the values as given, and {@link LogLoader} starts from values that hold.
 *
 * <p>Immutable: {@link PartitionLog} publishes the current one in a volatile field that only its owner
 * replaces, so any thread reads the four offsets of one moment.
 */
record LogOffsets(long logStartOffset, long highWatermark, long logEndOffset, long recoveryPoint) {

    /** An empty log restarted at {@code offset}: all four offsets there. */
    static LogOffsets startingAt(long offset) {
        return new LogOffsets(offset, offset, offset, offset);
    }

    /** After an append: the log ends at {@code logEnd}. */
    LogOffsets withLogEndOffset(long logEnd) {
        return new LogOffsets(logStartOffset, highWatermark, logEnd, recoveryPoint);
    }

    /** The high watermark at {@code hw}, clamped to {@code [logStartOffset, logEndOffset]}. */
    LogOffsets withHighWatermark(long hw) {
        return new LogOffsets(logStartOffset, Math.max(logStartOffset, Math.min(hw, logEndOffset)), logEndOffset,
                recoveryPoint);
    }

    /** Everything below {@code offset} is fsynced: the recovery point moves up to it, never past the log end. */
    LogOffsets flushedTo(long offset) {
        return new LogOffsets(logStartOffset, highWatermark, logEndOffset,
                Math.max(recoveryPoint, Math.min(offset, logEndOffset)));
    }

    /**
     * Retention gave up the segments below {@code firstBaseOffset}: the log start moves up to it (never
     * down), and the high watermark and recovery point with it.
     */
    LogOffsets withLogStartAtLeast(long firstBaseOffset) {
        long start = Math.max(logStartOffset, firstBaseOffset);
        return new LogOffsets(start, Math.max(highWatermark, start), logEndOffset, Math.max(recoveryPoint, start));
    }

    /** Batches were dropped so that the log ends at {@code logEnd}: the high watermark and recovery point follow. */
    LogOffsets truncatedTo(long logEnd) {
        return new LogOffsets(logStartOffset, Math.max(logStartOffset, Math.min(highWatermark, logEnd)), logEnd,
                Math.min(recoveryPoint, logEnd));
    }

    /** What {@code partition.checkpoint} keeps of them (the log end is found again by reading the segments). */
    PartitionCheckpoint checkpoint() {
        return new PartitionCheckpoint(recoveryPoint, highWatermark, logStartOffset);
    }
}
