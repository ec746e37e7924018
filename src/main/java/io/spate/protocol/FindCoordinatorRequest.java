package io.spate.protocol;

import io.netty.buffer.ByteBuf;

/**
 * FindCoordinator (10) request: which node coordinates a group.
 * <pre>
 * string key          the group id
 * int8   key_type     0 = group, 1 = transaction (the key is a transactional id)
 * </pre>
 * Any {@code key_type} byte is readable; the broker, not the codec, answers a type other than
 * {@link #KEY_TYPE_GROUP} with {@link ErrorCode#INVALID_REQUEST}.
 */
public record FindCoordinatorRequest(String key, byte keyType) implements Message {
    /** The key is a consumer group id. */
    public static final byte KEY_TYPE_GROUP = 0;
    /** The key is a transactional id: the node that coordinates its transactions (Kafka's key type 1). */
    public static final byte KEY_TYPE_TRANSACTION = 1;

    /** A request for the coordinator of {@code groupId}. */
    public static FindCoordinatorRequest forGroup(String groupId) {
        return new FindCoordinatorRequest(groupId, KEY_TYPE_GROUP);
    }

    /** A request for the transaction coordinator of {@code transactionalId}. */
    public static FindCoordinatorRequest forTransaction(String transactionalId) {
        return new FindCoordinatorRequest(transactionalId, KEY_TYPE_TRANSACTION);
    }

    @Override
    public void writeTo(ByteBuf out) {
        Wire.writeString(out, key);
        out.writeByte(keyType);
    }

    public static FindCoordinatorRequest readFrom(ByteBuf in) {
        String key = Wire.readString(in);
        return new FindCoordinatorRequest(key, Wire.readInt8(in));
    }
}
