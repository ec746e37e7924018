package io.spate.protocol;

import io.netty.buffer.ByteBuf;

/**
 * InitProducerId (22) response:
 * <pre>
 * int16  error_code
 * nullable string error_message
 * int64  producer_id        -1 on error
 * int16  producer_epoch     -1 on error
 * </pre>
 */
public record InitProducerIdResponse(ErrorCode error, String errorMessage, long producerId, short producerEpoch)
        implements Message {
    public static InitProducerIdResponse failed(ErrorCode error, String message) {
        return new InitProducerIdResponse(error, message, -1L, (short) -1);
    }

    @Override
    public void writeTo(ByteBuf out) {
        Wire.writeError(out, error);
        Wire.writeNullableString(out, errorMessage);
        out.writeLong(producerId);
        out.writeShort(producerEpoch);
    }

    public static InitProducerIdResponse readFrom(ByteBuf in) {
        return new InitProducerIdResponse(Wire.readError(in), Wire.readNullableString(in), Wire.readInt64(in),
                Wire.readInt16(in));
    }
}
