package io.spate.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * ListOffsets (2) request:
 * <pre>
 * int32 replica_id
 * array&lt;topic: string name, array&lt;partition: int32 partition, int64 timestamp&gt;&gt;
 * </pre>
 * {@code timestamp} is {@link #EARLIEST_TIMESTAMP}, {@link #LATEST_TIMESTAMP}, or a time in ms: the
 * first offset whose record timestamp is at or after it.
 */
public record ListOffsetsRequest(int replicaId, List<TopicData> topics) implements Message {
    /** Asks for the log start offset. */
    public static final long EARLIEST_TIMESTAMP = -2L;
    /** Asks for the high watermark. */
    public static final long LATEST_TIMESTAMP = -1L;

    /** The partitions asked about for one topic. */
    public record TopicData(String name, List<PartitionData> partitions) {
        static TopicData readFrom(ByteBuf in) {
            return new TopicData(Wire.readString(in), Wire.readArray(in, 12, PartitionData::readFrom));
        }

        void writeTo(ByteBuf out) {
            Wire.writeString(out, name);
            Wire.writeArray(out, partitions, (o, p) -> p.writeTo(o));
        }
    }

    /** One partition and the timestamp spec to resolve. */
    public record PartitionData(int partition, long timestamp) {
        static PartitionData readFrom(ByteBuf in) {
            return new PartitionData(Wire.readInt32(in), Wire.readInt64(in));
        }

        void writeTo(ByteBuf out) {
            out.writeInt(partition).writeLong(timestamp);
        }
    }

    @Override
    public void writeTo(ByteBuf out) {
        out.writeInt(replicaId);
        Wire.writeArray(out, topics, (o, t) -> t.writeTo(o));
    }

    public static ListOffsetsRequest readFrom(ByteBuf in) {
        int replicaId = Wire.readInt32(in);
        return new ListOffsetsRequest(replicaId, Wire.readArray(in, 6, TopicData::readFrom));
    }
}
