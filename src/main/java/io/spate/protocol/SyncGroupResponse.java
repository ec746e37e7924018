package io.spate.protocol;

import io.netty.buffer.ByteBuf;

/**
 * SyncGroup (14) response:
 * <pre>
 * int16  error_code
 * string error_message    may be null
 * string protocol_type    may be null
 * string protocol_name    may be null
 * bytes  assignment       this member's assignment; 0 bytes (not null) on error
 * </pre>
 * The assignment bytes are not copied.
 */
public record SyncGroupResponse(ErrorCode error, String errorMessage, String protocolType, String protocolName,
                                byte[] assignment) implements Message {
    // zero length, so sharing one instance is safe
    private static final byte[] NO_ASSIGNMENT = new byte[0];

    /** An error answer: no protocol, an empty assignment. */
    public static SyncGroupResponse error(ErrorCode error, String errorMessage) {
        return new SyncGroupResponse(error, errorMessage, null, null, NO_ASSIGNMENT);
    }

    @Override
    public void writeTo(ByteBuf out) {
        Wire.writeError(out, error);
        Wire.writeNullableString(out, errorMessage);
        Wire.writeNullableString(out, protocolType);
        Wire.writeNullableString(out, protocolName);
        Wire.writeBytes(out, assignment);
    }

    public static SyncGroupResponse readFrom(ByteBuf in) {
        return new SyncGroupResponse(Wire.readError(in), Wire.readNullableString(in), Wire.readNullableString(in),
                Wire.readNullableString(in), Wire.readBytes(in));
    }
}
