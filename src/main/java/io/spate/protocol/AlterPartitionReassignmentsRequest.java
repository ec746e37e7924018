package io.spate.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * AlterPartitionReassignments (45) request: moves partitions to new replica lists, or cancels a
 * move in progress (null replicas), as Kafka's KIP-455:
 * <pre>
 * int32 timeout_ms
 * array&lt;topic: string name, array&lt;partition: int32 partition, nullable array&lt;int32&gt; replicas&gt;&gt;
 * </pre>
 */
public record AlterPartitionReassignmentsRequest(int timeoutMs, List<Topic> topics) implements Message {

    /** The partitions of one topic to move. */
    public record Topic(String name, List<Partition> partitions) {
        static Topic readFrom(ByteBuf in) {
            return new Topic(Wire.readString(in), Wire.readArray(in, 8, Partition::readFrom));
        }

        void writeTo(ByteBuf out) {
            Wire.writeString(out, name);
            Wire.writeArray(out, partitions, (o, p) -> p.writeTo(o));
        }
    }

    /** One partition and its target replicas, the first the preferred leader; null cancels its move. */
    public record Partition(int partition, List<Integer> replicas) {
        static Partition readFrom(ByteBuf in) {
            return new Partition(Wire.readInt32(in), Wire.readNullableArray(in, 4, Wire::readInt32));
        }

        void writeTo(ByteBuf out) {
            out.writeInt(partition);
            Wire.writeNullableArray(out, replicas, (o, r) -> o.writeInt(r));
        }
    }

    @Override
    public void writeTo(ByteBuf out) {
        out.writeInt(timeoutMs);
        Wire.writeArray(out, topics, (o, t) -> t.writeTo(o));
    }

    public static AlterPartitionReassignmentsRequest readFrom(ByteBuf in) {
        int timeoutMs = Wire.readInt32(in);
        return new AlterPartitionReassignmentsRequest(timeoutMs, Wire.readArray(in, 6, Topic::readFrom));
    }
}
