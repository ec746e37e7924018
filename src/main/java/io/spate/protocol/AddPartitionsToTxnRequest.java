package io.spate.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * AddPartitionsToTxn (24) request, Kafka's v3 fields in Kafka's order: the producer names the
 * partitions it is about to write to in its open transaction (the first one opens it).
 * <pre>
 * string transactional_id
 * int64  producer_id
 * int16  producer_epoch
 * array&lt;topic: string name, array&lt;int32 partition&gt;&gt;
 * </pre>
 */
public record AddPartitionsToTxnRequest(String transactionalId, long producerId, short producerEpoch,
                                        List<TopicPartitions> topics) implements Message {
    @Override
    public void writeTo(ByteBuf out) {
        Wire.writeString(out, transactionalId);
        out.writeLong(producerId);
        out.writeShort(producerEpoch);
        Wire.writeArray(out, topics, (o, t) -> t.writeTo(o));
    }

    public static AddPartitionsToTxnRequest readFrom(ByteBuf in) {
        return new AddPartitionsToTxnRequest(Wire.readString(in), Wire.readInt64(in), Wire.readInt16(in),
                Wire.readArray(in, TopicPartitions.MIN_BYTES, TopicPartitions::readFrom));
    }
}
