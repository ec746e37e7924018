package io.spate.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * LeaveGroup (13) request: one or more members leave a group at once.
 * <pre>
 * string group_id
 * array&lt;member: string member_id, string group_instance_id (may be null), string reason (may be null)&gt;
 * </pre>
 */
public record LeaveGroupRequest(String groupId, List<Member> members) implements Message {

    /** A member that leaves, and why. */
    public record Member(String memberId, String groupInstanceId, String reason) {
        /** Three empty strings. */
        static final int MIN_BYTES = 6;

        static Member readFrom(ByteBuf in) {
            return new Member(Wire.readString(in), Wire.readNullableString(in), Wire.readNullableString(in));
        }

        void writeTo(ByteBuf out) {
            Wire.writeString(out, memberId);
            Wire.writeNullableString(out, groupInstanceId);
            Wire.writeNullableString(out, reason);
        }
    }

    @Override
    public void writeTo(ByteBuf out) {
        Wire.writeString(out, groupId);
        Wire.writeArray(out, members, (o, m) -> m.writeTo(o));
    }

    public static LeaveGroupRequest readFrom(ByteBuf in) {
        String groupId = Wire.readString(in);
        return new LeaveGroupRequest(groupId, Wire.readArray(in, Member.MIN_BYTES, Member::readFrom));
    }
}
