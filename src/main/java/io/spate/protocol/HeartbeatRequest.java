package io.spate.protocol;

import io.netty.buffer.ByteBuf;

/**
 * Heartbeat (12) request: a member is alive in a generation.
 * <pre>
 * string group_id
 * int32  generation_id
 * string member_id
 * string group_instance_id   may be null
 * </pre>
 */
public record HeartbeatRequest(String groupId, int generationId, String memberId, String groupInstanceId)
        implements Message {
    @Override
    public void writeTo(ByteBuf out) {
        Wire.writeString(out, groupId);
        out.writeInt(generationId);
        Wire.writeString(out, memberId);
        Wire.writeNullableString(out, groupInstanceId);
    }

    public static HeartbeatRequest readFrom(ByteBuf in) {
        return new HeartbeatRequest(Wire.readString(in), Wire.readInt32(in), Wire.readString(in),
                Wire.readNullableString(in));
    }
}
