package io.spate.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * LeaveGroup (13) response:
 * <pre>
 * int16  error_code        group-level (e.g. NOT_COORDINATOR)
 * string error_message     may be null
 * array&lt;member: string member_id, string group_instance_id (may be null),
 *               int16 error_code, string error_message (may be null)&gt;
 * </pre>
 */
public record LeaveGroupResponse(ErrorCode error, String errorMessage, List<MemberResponse> members)
        implements Message {

    /** The outcome for one leaving member (e.g. UNKNOWN_MEMBER_ID). */
    public record MemberResponse(String memberId, String groupInstanceId, ErrorCode error, String errorMessage) {
        /** Two empty strings, an error code and an empty message. */
        static final int MIN_BYTES = 8;

        static MemberResponse readFrom(ByteBuf in) {
            return new MemberResponse(Wire.readString(in), Wire.readNullableString(in), Wire.readError(in),
                    Wire.readNullableString(in));
        }

        void writeTo(ByteBuf out) {
            Wire.writeString(out, memberId);
            Wire.writeNullableString(out, groupInstanceId);
            Wire.writeError(out, error);
            Wire.writeNullableString(out, errorMessage);
        }
    }

    @Override
    public void writeTo(ByteBuf out) {
        Wire.writeError(out, error);
        Wire.writeNullableString(out, errorMessage);
        Wire.writeArray(out, members, (o, m) -> m.writeTo(o));
    }

    public static LeaveGroupResponse readFrom(ByteBuf in) {
        return new LeaveGroupResponse(Wire.readError(in), Wire.readNullableString(in),
                Wire.readArray(in, MemberResponse.MIN_BYTES, MemberResponse::readFrom));
    }
}
