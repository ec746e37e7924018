package io.spate.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * Fetch (1) request:
 * <pre>
 * int32 replica_id       -1 for consumers
 * int32 max_wait_ms      how long to wait for min_bytes
 * int32 min_bytes
 * int32 max_bytes        for the whole response
 * array&lt;topic: string name,
 *       array&lt;partition: int32 partition, int32 current_leader_epoch (-1 = unknown),
 *             int64 fetch_offset, int32 partition_max_bytes&gt;&gt;
 * </pre>
 */
public record FetchRequest(int replicaId, int maxWaitMs, int minBytes, int maxBytes, List<TopicData> topics)
        implements Message {
    /** The replica id a consumer sends. */
    public static final int CONSUMER_REPLICA_ID = -1;
    /** A leader epoch the client does not know. */
    public static final int UNKNOWN_LEADER_EPOCH = -1;

    /** The partitions to fetch of one topic. */
    public record TopicData(String name, List<PartitionData> partitions) {
        static TopicData readFrom(ByteBuf in) {
            return new TopicData(Wire.readString(in), Wire.readArray(in, 20, PartitionData::readFrom));
        }

        void writeTo(ByteBuf out) {
            Wire.writeString(out, name);
            Wire.writeArray(out, partitions, (o, p) -> p.writeTo(o));
        }
    }

    /** Where to read one partition from and how much of it at most. */
    public record PartitionData(int partition, int currentLeaderEpoch, long fetchOffset, int partitionMaxBytes) {
        static PartitionData readFrom(ByteBuf in) {
            return new PartitionData(Wire.readInt32(in), Wire.readInt32(in), Wire.readInt64(in), Wire.readInt32(in));
        }

        void writeTo(ByteBuf out) {
            out.writeInt(partition).writeInt(currentLeaderEpoch).writeLong(fetchOffset).writeInt(partitionMaxBytes);
        }
    }

    @Override
    public void writeTo(ByteBuf out) {
        out.writeInt(replicaId).writeInt(maxWaitMs).writeInt(minBytes).writeInt(maxBytes);
        Wire.writeArray(out, topics, (o, t) -> t.writeTo(o));
    }

    public static FetchRequest readFrom(ByteBuf in) {
        int replicaId = Wire.readInt32(in);
        int maxWaitMs = Wire.readInt32(in);
        int minBytes = Wire.readInt32(in);
        int maxBytes = Wire.readInt32(in);
        return new FetchRequest(replicaId, maxWaitMs, minBytes, maxBytes, Wire.readArray(in, 6, TopicData::readFrom));
    }
}
