package io.spate.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * OffsetForLeaderEpoch (23) request, Kafka's OffsetsForLeaderEpoch: a follower asks the leader where
 * a leader epoch ended, to find where its log diverged (KIP-101, KIP-279):
 * <pre>
 * int32 replica_id       the asking follower's node id (-1 for a client)
 * array&lt;topic: string name,
 *       array&lt;partition: int32 partition, int32 current_leader_epoch (-1 = unknown),
 *             int32 leader_epoch&gt;&gt;
 * </pre>
 * {@code current_leader_epoch} fences a stale leader or follower as in Fetch; {@code leader_epoch}
 * is the epoch whose end offset is wanted (the follower's latest).
 */
public record OffsetForLeaderEpochRequest(int replicaId, List<TopicData> topics) implements Message {

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

    /** One partition: the epoch the asker believes current, and the epoch whose end it wants. */
    public record PartitionData(int partition, int currentLeaderEpoch, int leaderEpoch) {
        static PartitionData readFrom(ByteBuf in) {
            return new PartitionData(Wire.readInt32(in), Wire.readInt32(in), Wire.readInt32(in));
        }

        void writeTo(ByteBuf out) {
            out.writeInt(partition).writeInt(currentLeaderEpoch).writeInt(leaderEpoch);
        }
    }

    @Override
    public void writeTo(ByteBuf out) {
        out.writeInt(replicaId);
        Wire.writeArray(out, topics, (o, t) -> t.writeTo(o));
    }

    public static OffsetForLeaderEpochRequest readFrom(ByteBuf in) {
        int replicaId = Wire.readInt32(in);
        return new OffsetForLeaderEpochRequest(replicaId, Wire.readArray(in, 6, TopicData::readFrom));
    }
}
