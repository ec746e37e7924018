package io.spate.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * DeleteGroups (42) response:
 * <pre>
 * array&lt;result: string group_id, int16 error_code, string error_message (may be null)&gt;
 * </pre>
 * {@link ErrorCode#NON_EMPTY_GROUP} while the group has members, {@link ErrorCode#GROUP_ID_NOT_FOUND}
 * for a group the coordinator does not know.
 */
public record DeleteGroupsResponse(List<GroupResult> results) implements Message {

    /** The outcome for one group. */
    public record GroupResult(String groupId, ErrorCode error, String errorMessage) {
        /** An empty id, an error code and an empty message. */
        static final int MIN_BYTES = 6;

        public static GroupResult ok(String groupId) {
            return new GroupResult(groupId, ErrorCode.NONE, null);
        }

        static GroupResult readFrom(ByteBuf in) {
            return new GroupResult(Wire.readString(in), Wire.readError(in), Wire.readNullableString(in));
        }

        void writeTo(ByteBuf out) {
            Wire.writeString(out, groupId);
            Wire.writeError(out, error);
            Wire.writeNullableString(out, errorMessage);
        }
    }

    @Override
    public void writeTo(ByteBuf out) {
        Wire.writeArray(out, results, (o, r) -> r.writeTo(o));
    }

    public static DeleteGroupsResponse readFrom(ByteBuf in) {
        return new DeleteGroupsResponse(Wire.readArray(in, GroupResult.MIN_BYTES, GroupResult::readFrom));
    }
}
