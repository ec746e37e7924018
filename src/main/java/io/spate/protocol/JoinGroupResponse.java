package io.spate.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * JoinGroup (11) response:
 * <pre>
 * int16  error_code
 * string error_message      may be null
 * int32  generation_id
 * string protocol_type      may be null
 * string protocol_name      may be null
 * string leader             the leader's member id
 * bool   skip_assignment
 * string member_id          this member's id
 * array&lt;member: string member_id, string group_instance_id (may be null), bytes metadata&gt;
 * </pre>
 * {@code members} is non-empty only in the leader's response, and empty when
 * {@code skip_assignment} is set. With {@link ErrorCode#MEMBER_ID_REQUIRED} the broker has assigned
 * {@code member_id}; the member joins again with it. The {@code byte[]}s are not copied.
 */
public record JoinGroupResponse(ErrorCode error, String errorMessage, int generationId, String protocolType,
                                String protocolName, String leader, boolean skipAssignment, String memberId,
                                List<Member> members) implements Message {
    /** The generation of a response that starts none (errors). */
    public static final int NO_GENERATION = -1;

    /** One member of the new generation and the metadata it joined with, for the leader to assign. */
    public record Member(String memberId, String groupInstanceId, byte[] metadata) {
        /** Two empty strings and empty metadata. */
        static final int MIN_BYTES = 8;

        static Member readFrom(ByteBuf in) {
            return new Member(Wire.readString(in), Wire.readNullableString(in), Wire.readBytes(in));
        }

        void writeTo(ByteBuf out) {
            Wire.writeString(out, memberId);
            Wire.writeNullableString(out, groupInstanceId);
            Wire.writeBytes(out, metadata);
        }
    }

    /** An error answer: no generation, no protocol, no leader, no members; {@code memberId} echoed. */
    public static JoinGroupResponse error(ErrorCode error, String errorMessage, String memberId) {
        return new JoinGroupResponse(error, errorMessage, NO_GENERATION, null, null, "", false, memberId, List.of());
    }

    @Override
    public void writeTo(ByteBuf out) {
        Wire.writeError(out, error);
        Wire.writeNullableString(out, errorMessage);
        out.writeInt(generationId);
        Wire.writeNullableString(out, protocolType);
        Wire.writeNullableString(out, protocolName);
        Wire.writeString(out, leader);
        Wire.writeBool(out, skipAssignment);
        Wire.writeString(out, memberId);
        Wire.writeArray(out, members, (o, m) -> m.writeTo(o));
    }

    public static JoinGroupResponse readFrom(ByteBuf in) {
        return new JoinGroupResponse(Wire.readError(in), Wire.readNullableString(in), Wire.readInt32(in),
                Wire.readNullableString(in), Wire.readNullableString(in), Wire.readString(in), Wire.readBool(in),
                Wire.readString(in), Wire.readArray(in, Member.MIN_BYTES, Member::readFrom));
    }
}
