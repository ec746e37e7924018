package io.spate.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * OffsetForLeaderEpoch (23) response:
 * <pre>
 * array&lt;topic: string name,
 *       array&lt;partition: int16 error_code, int32 partition, int32 leader_epoch, int64 end_offset&gt;&gt;
 * </pre>
 * {@code leader_epoch} is the largest epoch the leader knows that is {@code <=} the one asked for, and
 * {@code end_offset} where it ended (the start offset of the next epoch, or the log end offset for
 * the leader's latest epoch); both are -1 ({@link #UNDEFINED_EPOCH}, {@link #UNDEFINED_OFFSET}) when
 * the leader knows no such epoch, and on an error. The field order is Kafka's (error first).
 */
public record OffsetForLeaderEpochResponse(List<TopicResponse> topics) implements Message {
    /** The epoch of an answer without one. */
    public static final int UNDEFINED_EPOCH = -1;
    /** The end offset of an answer without one. */
    public static final long UNDEFINED_OFFSET = -1L;

    /** The answers for one topic. */
    public record TopicResponse(String name, List<PartitionResponse> partitions) {
        static TopicResponse readFrom(ByteBuf in) {
            return new TopicResponse(Wire.readString(in), Wire.readArray(in, 18, PartitionResponse::readFrom));
        }

        void writeTo(ByteBuf out) {
            Wire.writeString(out, name);
            Wire.writeArray(out, partitions, (o, p) -> p.writeTo(o));
        }
    }

    /** One partition's answer. */
    public record PartitionResponse(ErrorCode error, int partition, int leaderEpoch, long endOffset) {
        /** An error answer: epoch and end offset undefined. */
        public static PartitionResponse failed(ErrorCode error, int partition) {
            return new PartitionResponse(error, partition, UNDEFINED_EPOCH, UNDEFINED_OFFSET);
        }

        static PartitionResponse readFrom(ByteBuf in) {
            return new PartitionResponse(Wire.readError(in), Wire.readInt32(in), Wire.readInt32(in), Wire.readInt64(in));
        }

        void writeTo(ByteBuf out) {
            Wire.writeError(out, error);
            out.writeInt(partition).writeInt(leaderEpoch).writeLong(endOffset);
        }
    }

    @Override
    public void writeTo(ByteBuf out) {
        Wire.writeArray(out, topics, (o, t) -> t.writeTo(o));
    }

    public static OffsetForLeaderEpochResponse readFrom(ByteBuf in) {
        return new OffsetForLeaderEpochResponse(Wire.readArray(in, 6, TopicResponse::readFrom));
    }
}
