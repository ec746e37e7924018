package io.spate.broker;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.spate.protocol.ErrorCode;

/**
 * What a fetch got from one partition: whole batches from the fetch offset up to the high
 * watermark (possibly none), or an error with the valid range.
 *
 * @param records the batches; the receiver owns this buffer and must release it
 */
public record PartitionRead(ErrorCode error, String errorMessage, long highWatermark, long logStartOffset,
                            ByteBuf records) {

    public static PartitionRead failed(ErrorCode error, String message, long highWatermark, long logStartOffset) {
        return new PartitionRead(error, message, highWatermark, logStartOffset, Unpooled.EMPTY_BUFFER);
    }

    public int sizeInBytes() {
        return records.readableBytes();
    }
}
