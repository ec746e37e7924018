package io.spate.protocol;

import io.netty.buffer.ByteBuf;

/**
 * AddOffsetsToTxn (25) request, Kafka's fields in Kafka's order: the producer's open transaction
 * will commit offsets of {@code group_id} (its {@code __consumer_offsets} partition joins the
 * transaction); the offsets themselves go to the group coordinator with TxnOffsetCommit.
 * <pre>
 * string transactional_id
 * int64  producer_id
 * int16  producer_epoch
 * string group_id
 * </pre>
 */
public record AddOffsetsToTxnRequest(String transactionalId, long producerId, short producerEpoch, String groupId)
        implements Message {
    @Override
    public void writeTo(ByteBuf out) {
        Wire.writeString(out, transactionalId);
        out.writeLong(producerId);
        out.writeShort(producerEpoch);
        Wire.writeString(out, groupId);
    }

    public static AddOffsetsToTxnRequest readFrom(ByteBuf in) {
        return new AddOffsetsToTxnRequest(Wire.readString(in), Wire.readInt64(in), Wire.readInt16(in), Wire.readString(in));
    }
}
