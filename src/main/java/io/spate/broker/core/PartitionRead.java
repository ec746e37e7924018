package io.spate.broker.core;

import io.spate.log.AbortedTxn;
import java.util.List;
import io.spate.log.LogReadResult;
import io.spate.protocol.ErrorCode;

/**
 * What a fetch got from one partition: whole batches from the fetch offset up to the high
 * watermark (possibly none) as a region of a segment file, or an error with the valid range.
 * Holds no buffer: the bytes stay in the file (and the page cache) until the response is sent,
 * see {@code FetchReply} in broker.wire.
 *
 * @param records the selected region; empty (never null) on an error or when nothing is readable
 * @param visibleEnd the end the read could see: the high watermark for a consumer (the last stable
 *                   offset for a read_committed one), the log end for a follower; a fetch short of
 *                   {@code min_bytes} waits for it to move (-1 if unknown)
 * @param lastStableOffset the partition's last stable offset (read_committed; else -1)
 * @param abortedTransactions read_committed: the aborted transactions whose data may be in
 *                   {@code records} (from the aborted transaction indexes); null otherwise
 */
public record PartitionRead(ErrorCode error, String errorMessage, long highWatermark, long logStartOffset,
                            LogReadResult records, long visibleEnd, long lastStableOffset,
                            List<AbortedTxn> abortedTransactions) {

    /** A read that is not read_committed: no last stable offset (-1) nor aborted transactions (null). */
    public PartitionRead(ErrorCode error, String errorMessage, long highWatermark, long logStartOffset,
                         LogReadResult records, long visibleEnd) {
        this(error, errorMessage, highWatermark, logStartOffset, records, visibleEnd, -1, null);
    }

    /** A consumer's read: it sees up to the high watermark. */
    public PartitionRead(ErrorCode error, String errorMessage, long highWatermark, long logStartOffset, LogReadResult records) {
        this(error, errorMessage, highWatermark, logStartOffset, records, highWatermark);
    }

    /** This read as a read_committed one: it carries the last stable offset and the aborted transactions. */
    public PartitionRead committed(long lso, List<AbortedTxn> aborted) {
        return new PartitionRead(error, errorMessage, highWatermark, logStartOffset, records, visibleEnd, lso, aborted);
    }

    public static PartitionRead failed(ErrorCode error, String message, long highWatermark, long logStartOffset) {
        return new PartitionRead(error, message, highWatermark, logStartOffset, LogReadResult.empty(""));
    }

    public int sizeInBytes() {
        return records.sizeInBytes();
    }
}
