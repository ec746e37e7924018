package io.spate.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * ListGroups (16) response:
 * <pre>
 * int16  error_code
 * string error_message      may be null
 * array&lt;group: string group_id, string protocol_type, string group_state&gt;
 * </pre>
 */
public record ListGroupsResponse(ErrorCode error, String errorMessage, List<Group> groups) implements Message {

    /** One group the node coordinates. */
    public record Group(String groupId, String protocolType, String groupState) {
        /** Three empty strings. */
        static final int MIN_BYTES = 6;

        static Group readFrom(ByteBuf in) {
            return new Group(Wire.readString(in), Wire.readString(in), Wire.readString(in));
        }

        void writeTo(ByteBuf out) {
            Wire.writeString(out, groupId);
            Wire.writeString(out, protocolType);
            Wire.writeString(out, groupState);
        }
    }

    @Override
    public void writeTo(ByteBuf out) {
        Wire.writeError(out, error);
        Wire.writeNullableString(out, errorMessage);
        Wire.writeArray(out, groups, (o, g) -> g.writeTo(o));
    }

    public static ListGroupsResponse readFrom(ByteBuf in) {
        return new ListGroupsResponse(Wire.readError(in), Wire.readNullableString(in),
                Wire.readArray(in, Group.MIN_BYTES, Group::readFrom));
    }
}
