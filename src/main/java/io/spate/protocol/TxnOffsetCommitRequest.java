package io.spate.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * TxnOffsetCommit (28) request, Kafka's v3 fields in Kafka's order, sent to the group's
 * coordinator: offsets committed inside the producer's open transaction. They become the group's
 * committed offsets only when the transaction commits (its COMMIT marker reaches the group's
 * {@code __consumer_offsets} partition), and are dropped when it aborts.
 * <pre>
 * string transactional_id
 * string group_id
 * int64  producer_id
 * int16  producer_epoch
 * int32  generation_id        -1: no generation check
 * string member_id            "" with generation -1
 * nullable string group_instance_id
 * array&lt;topic: string name,
 *       array&lt;partition: int32 partition, int64 committed_offset,
 *             int32 committed_leader_epoch (-1 unknown), nullable string committed_metadata&gt;&gt;
 * </pre>
 */
public record TxnOffsetCommitRequest(String transactionalId, String groupId, long producerId, short producerEpoch,
                                     int generationId, String memberId, String groupInstanceId,
                                     List<OffsetCommitRequest.Topic> topics) implements Message {
    @Override
    public void writeTo(ByteBuf out) {
        Wire.writeString(out, transactionalId);
        Wire.writeString(out, groupId);
        out.writeLong(producerId);
        out.writeShort(producerEpoch);
        out.writeInt(generationId);
        Wire.writeString(out, memberId);
        Wire.writeNullableString(out, groupInstanceId);
        Wire.writeArray(out, topics, (o, t) -> t.writeTo(o));
    }

    public static TxnOffsetCommitRequest readFrom(ByteBuf in) {
        return new TxnOffsetCommitRequest(Wire.readString(in), Wire.readString(in), Wire.readInt64(in),
                Wire.readInt16(in), Wire.readInt32(in), Wire.readString(in), Wire.readNullableString(in),
                Wire.readArray(in, OffsetCommitRequest.Topic.MIN_BYTES, OffsetCommitRequest.Topic::readFrom));
    }
}
