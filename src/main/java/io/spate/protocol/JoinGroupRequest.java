package io.spate.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * JoinGroup (11) request, sent to the group's coordinator:
 * <pre>
 * string group_id
 * int32  session_timeout_ms
 * int32  rebalance_timeout_ms
 * string member_id              "" for a member joining for the first time
 * string group_instance_id      may be null: null = dynamic membership, else static
 * string protocol_type          "consumer" for consumers
 * array&lt;protocol: string name, bytes metadata&gt;
 * string reason                 may be null
 * </pre>
 * The protocol metadata bytes are opaque to the broker. The {@code byte[]}s are not copied: callers
 * must not change them after building the record.
 */
public record JoinGroupRequest(String groupId, int sessionTimeoutMs, int rebalanceTimeoutMs, String memberId,
                               String groupInstanceId, String protocolType, List<Protocol> protocols, String reason)
        implements Message {
    /** The member id of a member that has none yet. */
    public static final String UNKNOWN_MEMBER_ID = "";
    /** The protocol type consumers use. */
    public static final String CONSUMER_PROTOCOL_TYPE = "consumer";

    /** One protocol (for consumers: one assignor) the member supports, with its metadata. */
    public record Protocol(String name, byte[] metadata) {
        /** An empty name and empty metadata. */
        static final int MIN_BYTES = 6;

        static Protocol readFrom(ByteBuf in) {
            return new Protocol(Wire.readString(in), Wire.readBytes(in));
        }

        void writeTo(ByteBuf out) {
            Wire.writeString(out, name);
            Wire.writeBytes(out, metadata);
        }
    }

    @Override
    public void writeTo(ByteBuf out) {
        Wire.writeString(out, groupId);
        out.writeInt(sessionTimeoutMs).writeInt(rebalanceTimeoutMs);
        Wire.writeString(out, memberId);
        Wire.writeNullableString(out, groupInstanceId);
        Wire.writeString(out, protocolType);
        Wire.writeArray(out, protocols, (o, p) -> p.writeTo(o));
        Wire.writeNullableString(out, reason);
    }

    public static JoinGroupRequest readFrom(ByteBuf in) {
        return new JoinGroupRequest(Wire.readString(in), Wire.readInt32(in), Wire.readInt32(in), Wire.readString(in),
                Wire.readNullableString(in), Wire.readString(in), Wire.readArray(in, Protocol.MIN_BYTES,
                Protocol::readFrom), Wire.readNullableString(in));
    }
}
