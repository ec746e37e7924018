package io.spate.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * DescribeGroups (15) response:
 * <pre>
 * array&lt;group: int16 error_code, string error_message (may be null), string group_id,
 *              string group_state, string protocol_type, string protocol_data,
 *              array&lt;member: string member_id, string group_instance_id (may be null),
 *                           string client_id, string client_host,
 *                           bytes member_metadata, bytes member_assignment&gt;&gt;
 * </pre>
 * {@code group_state} is one of "Empty", "PreparingRebalance", "CompletingRebalance", "Stable",
 * "Dead"; {@code protocol_data} is the chosen protocol (assignor), "" if none. An unknown group is
 * answered with error NONE, state {@link #DEAD_STATE} and no members, as Kafka does. The
 * {@code byte[]}s are not copied.
 */
public record DescribeGroupsResponse(List<Group> groups) implements Message {
    /** The state of a group that does not exist (any more). */
    public static final String DEAD_STATE = "Dead";

    /** One group's state and members. */
    public record Group(ErrorCode error, String errorMessage, String groupId, String groupState,
                        String protocolType, String protocolData, List<Member> members) {
        /** An error code, five empty strings and an empty array. */
        static final int MIN_BYTES = 16;

        /** The answer for a group the coordinator does not know. */
        public static Group dead(String groupId) {
            return new Group(ErrorCode.NONE, null, groupId, DEAD_STATE, "", "", List.of());
        }

        static Group readFrom(ByteBuf in) {
            return new Group(Wire.readError(in), Wire.readNullableString(in), Wire.readString(in), Wire.readString(in),
                    Wire.readString(in), Wire.readString(in), Wire.readArray(in, Member.MIN_BYTES, Member::readFrom));
        }

        void writeTo(ByteBuf out) {
            Wire.writeError(out, error);
            Wire.writeNullableString(out, errorMessage);
            Wire.writeString(out, groupId);
            Wire.writeString(out, groupState);
            Wire.writeString(out, protocolType);
            Wire.writeString(out, protocolData);
            Wire.writeArray(out, members, (o, m) -> m.writeTo(o));
        }
    }

    /** One member: who it is, where it connects from, what it subscribed with and what it was assigned. */
    public record Member(String memberId, String groupInstanceId, String clientId, String clientHost,
                         byte[] memberMetadata, byte[] memberAssignment) {
        /** Four empty strings and two empty byte fields. */
        static final int MIN_BYTES = 16;

        static Member readFrom(ByteBuf in) {
            return new Member(Wire.readString(in), Wire.readNullableString(in), Wire.readString(in),
                    Wire.readString(in), Wire.readBytes(in), Wire.readBytes(in));
        }

        void writeTo(ByteBuf out) {
            Wire.writeString(out, memberId);
            Wire.writeNullableString(out, groupInstanceId);
            Wire.writeString(out, clientId);
            Wire.writeString(out, clientHost);
            Wire.writeBytes(out, memberMetadata);
            Wire.writeBytes(out, memberAssignment);
        }
    }

    @Override
    public void writeTo(ByteBuf out) {
        Wire.writeArray(out, groups, (o, g) -> g.writeTo(o));
    }

    public static DescribeGroupsResponse readFrom(ByteBuf in) {
        return new DescribeGroupsResponse(Wire.readArray(in, Group.MIN_BYTES, Group::readFrom));
    }
}
