package io.spate.protocol;

import io.netty.buffer.ByteBuf;

/**
 * AddRaftVoter (80) and RemoveRaftVoter (81) response: sent once the change committed, or refused.
 * <pre>
 * int16   error_code
 * string  error_message   may be null
 * </pre>
 */
public record RaftVoterResponse(ErrorCode error, String errorMessage) implements Message {
    @Override
    public void writeTo(ByteBuf out) {
        Wire.writeError(out, error);
        Wire.writeNullableString(out, errorMessage);
    }

    public static RaftVoterResponse readFrom(ByteBuf in) {
        return new RaftVoterResponse(Wire.readError(in), Wire.readNullableString(in));
    }
}
