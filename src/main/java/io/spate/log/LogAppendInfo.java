package io.spate.log;

/**
 * What {@link PartitionLog#append} did with one produce payload.
 *
 * @param firstOffset          offset given to the first record (the first batch's stamped base offset)
 * @param lastOffset           offset of the last record
 * @param maxTimestamp         the largest batch max timestamp after stamping (-1 if none had one)
 * @param offsetOfMaxTimestamp base offset of the batch holding {@code maxTimestamp}
 * @param logAppendTime        the broker time stamped into the batches on a LogAppendTime topic, else -1
 * @param logStartOffset       the log start offset after the append
 * @param validBytes           bytes appended (the whole payload)
 * @param batchCount           number of batches appended
 * @param duplicate            the payload was an idempotent producer's batch already in the log: nothing
 *                             was written, and the offsets and timestamps are those it got the first time
 *                             ({@code validBytes} is 0)
 */
public record LogAppendInfo(long firstOffset, long lastOffset, long maxTimestamp, long offsetOfMaxTimestamp,
                            long logAppendTime, long logStartOffset, int validBytes, int batchCount,
                            boolean duplicate) {

    /** An append that wrote its batches. */
    public LogAppendInfo(long firstOffset, long lastOffset, long maxTimestamp, long offsetOfMaxTimestamp,
                         long logAppendTime, long logStartOffset, int validBytes, int batchCount) {
        this(firstOffset, lastOffset, maxTimestamp, offsetOfMaxTimestamp, logAppendTime, logStartOffset, validBytes,
                batchCount, false);
    }

    /** Number of offsets the append took. */
    public long offsetCount() {
        return lastOffset - firstOffset + 1;
    }
}
