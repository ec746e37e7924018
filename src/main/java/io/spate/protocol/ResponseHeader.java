package io.spate.protocol;

import io.netty.buffer.ByteBuf;

/**
 * The header that starts every response frame (after the size prefix):
 *
 * <pre>
 * int32  correlation_id   the request's
 * int16  error_code       request-level error; when not NONE the body is empty
 * string error_message    may be null
 * </pre>
 */
public record ResponseHeader(int correlationId, ErrorCode error, String errorMessage) implements Message {

    /** A header for a request that was processed (error NONE, no message). */
    public static ResponseHeader ok(int correlationId) {
        return new ResponseHeader(correlationId, ErrorCode.NONE, null);
    }

    @Override
    public void writeTo(ByteBuf out) {
        out.writeInt(correlationId);
        Wire.writeError(out, error);
        Wire.writeNullableString(out, errorMessage);
    }

    public static ResponseHeader readFrom(ByteBuf in) {
        int correlationId = Wire.readInt32(in);
        ErrorCode error = Wire.readError(in);
        String message = Wire.readNullableString(in);
        return new ResponseHeader(correlationId, error, message);
    }
}
