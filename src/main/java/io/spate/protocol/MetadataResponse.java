package io.spate.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * Metadata (3) response:
 * <pre>
 * array&lt;broker: int32 node_id, string host, int32 port, string rack&gt;     rack may be null
 * string cluster_id                                                    may be null
 * int32  controller_id                                                 -1 if unknown
 * array&lt;topic: int16 error_code, string name, bool is_internal,
 *       array&lt;partition: int16 error_code, int32 partition, int32 leader_id (-1 = none),
 *             int32 leader_epoch, array&lt;int32&gt; replicas, array&lt;int32&gt; isr&gt;&gt;
 * </pre>
 */
public record MetadataResponse(List<Broker> brokers, String clusterId, int controllerId, List<TopicMetadata> topics)
        implements Message {

    /** A node of the cluster and where it listens. */
    public record Broker(int nodeId, String host, int port, String rack) {
        static Broker readFrom(ByteBuf in) {
            return new Broker(Wire.readInt32(in), Wire.readString(in), Wire.readInt32(in), Wire.readNullableString(in));
        }

        void writeTo(ByteBuf out) {
            out.writeInt(nodeId);
            Wire.writeString(out, host);
            out.writeInt(port);
            Wire.writeNullableString(out, rack);
        }
    }

    /** One topic; {@code error} is UNKNOWN_TOPIC_OR_PARTITION (and no partitions) for an unknown one. */
    public record TopicMetadata(ErrorCode error, String name, boolean isInternal, List<PartitionMetadata> partitions) {
        static TopicMetadata readFrom(ByteBuf in) {
            ErrorCode error = Wire.readError(in);
            String name = Wire.readString(in);
            boolean internal = Wire.readBool(in);
            return new TopicMetadata(error, name, internal, Wire.readArray(in, 22, PartitionMetadata::readFrom));
        }

        void writeTo(ByteBuf out) {
            Wire.writeError(out, error);
            Wire.writeString(out, name);
            Wire.writeBool(out, isInternal);
            Wire.writeArray(out, partitions, (o, p) -> p.writeTo(o));
        }
    }

    /** One partition: its leader (-1 when none) at {@code leaderEpoch}, replicas and in-sync replicas. */
    public record PartitionMetadata(ErrorCode error, int partition, int leaderId, int leaderEpoch,
                                    List<Integer> replicas, List<Integer> isr) {
        static PartitionMetadata readFrom(ByteBuf in) {
            return new PartitionMetadata(Wire.readError(in), Wire.readInt32(in), Wire.readInt32(in), Wire.readInt32(in),
                    Wire.readInt32Array(in), Wire.readInt32Array(in));
        }

        void writeTo(ByteBuf out) {
            Wire.writeError(out, error);
            out.writeInt(partition).writeInt(leaderId).writeInt(leaderEpoch);
            Wire.writeInt32Array(out, replicas);
            Wire.writeInt32Array(out, isr);
        }
    }

    @Override
    public void writeTo(ByteBuf out) {
        Wire.writeArray(out, brokers, (o, b) -> b.writeTo(o));
        Wire.writeNullableString(out, clusterId);
        out.writeInt(controllerId);
        Wire.writeArray(out, topics, (o, t) -> t.writeTo(o));
    }

    public static MetadataResponse readFrom(ByteBuf in) {
        List<Broker> brokers = Wire.readArray(in, 12, Broker::readFrom);
        String clusterId = Wire.readNullableString(in);
        int controllerId = Wire.readInt32(in);
        return new MetadataResponse(brokers, clusterId, controllerId, Wire.readArray(in, 9, TopicMetadata::readFrom));
    }
}
