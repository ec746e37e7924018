package io.spate.broker.core;

import io.spate.log.LogReadResult;
import io.spate.protocol.ErrorCode;

/**
 * What a fetch got from one partition: whole batches from the fetch offset up to the high
 * watermark (possibly none) as a region of a segment file, or an error with the valid range.
 * Holds no buffer: the bytes stay in the file (and the page cache) until the response is sent,
 * see {@code FetchReply} in broker.wire.
 *
 * @param records the selected region; empty (never null) on an error or when nothing is readable
 * @param visibleEnd the end the read could see: the high watermark for a consumer, the log end for a
 *                   follower; a fetch short of {@code min_bytes} waits for it to move (-1 if unknown)
 */
public record PartitionRead(ErrorCode error, String errorMessage, long highWatermark, long logStartOffset,
                            LogReadResult records, long visibleEnd) {

    /** A consumer's read: it sees up to the high watermark. */
    public PartitionRead(ErrorCode error, String errorMessage, long highWatermark, long logStartOffset, LogReadResult records) {
        this(error, errorMessage, highWatermark, logStartOffset, records, highWatermark);
    }

    public static PartitionRead failed(ErrorCode error, String message, long highWatermark, long logStartOffset) {
        return new PartitionRead(error, message, highWatermark, logStartOffset, LogReadResult.empty(""));
    }

    public int sizeInBytes() {
        return records.sizeInBytes();
    }
}
