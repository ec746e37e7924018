package io.spate.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * SyncGroup (14) request: every member of a generation sends it; the leader's carries the assignments.
 * <pre>
 * string group_id
 * int32  generation_id
 * string member_id
 * string group_instance_id   may be null
 * string protocol_type       may be null
 * string protocol_name       may be null
 * array&lt;assignment: string member_id, bytes assignment&gt;   empty unless leader
 * </pre>
 * The assignment bytes are opaque to the broker and not copied.
 */
public record SyncGroupRequest(String groupId, int generationId, String memberId, String groupInstanceId,
                               String protocolType, String protocolName, List<Assignment> assignments)
        implements Message {

    /** The assignment the leader computed for one member. */
    public record Assignment(String memberId, byte[] assignment) {
        /** An empty member id and an empty assignment. */
        static final int MIN_BYTES = 6;

        static Assignment readFrom(ByteBuf in) {
            return new Assignment(Wire.readString(in), Wire.readBytes(in));
        }

        void writeTo(ByteBuf out) {
            Wire.writeString(out, memberId);
            Wire.writeBytes(out, assignment);
        }
    }

    @Override
    public void writeTo(ByteBuf out) {
        Wire.writeString(out, groupId);
        out.writeInt(generationId);
        Wire.writeString(out, memberId);
        Wire.writeNullableString(out, groupInstanceId);
        Wire.writeNullableString(out, protocolType);
        Wire.writeNullableString(out, protocolName);
        Wire.writeArray(out, assignments, (o, a) -> a.writeTo(o));
    }

    public static SyncGroupRequest readFrom(ByteBuf in) {
        return new SyncGroupRequest(Wire.readString(in), Wire.readInt32(in), Wire.readString(in),
                Wire.readNullableString(in), Wire.readNullableString(in), Wire.readNullableString(in),
                Wire.readArray(in, Assignment.MIN_BYTES, Assignment::readFrom));
    }
}
