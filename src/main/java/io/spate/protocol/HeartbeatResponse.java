package io.spate.protocol;

import io.netty.buffer.ByteBuf;

/**
 * Heartbeat (12) response:
 * <pre>
 * int16  error_code       REBALANCE_IN_PROGRESS tells the member to join again
 * string error_message    may be null
 * </pre>
 */
public record HeartbeatResponse(ErrorCode error, String errorMessage) implements Message {
    @Override
    public void writeTo(ByteBuf out) {
        Wire.writeError(out, error);
        Wire.writeNullableString(out, errorMessage);
    }

    public static HeartbeatResponse readFrom(ByteBuf in) {
        return new HeartbeatResponse(Wire.readError(in), Wire.readNullableString(in));
    }
}
