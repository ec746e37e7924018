package io.spate.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * ListPartitionReassignments (46) response: the partitions being moved (partitions asked about
 * that are not moving, or do not exist, are left out):
 * <pre>
 * int16  error_code
 * string error_message                                                  may be null
 * array&lt;topic: string name, array&lt;partition: int32 partition, array&lt;int32&gt; replicas,
 *       array&lt;int32&gt; adding_replicas, array&lt;int32&gt; removing_replicas&gt;&gt;
 * </pre>
 * {@code replicas} is the target followed by the replicas being removed; every node in it holds a
 * replica until the move completes.
 */
public record ListPartitionReassignmentsResponse(ErrorCode error, String errorMessage, List<Topic> topics)
        implements Message {

    /** The moves of one topic's partitions. */
    public record Topic(String name, List<Reassignment> partitions) {
        static Topic readFrom(ByteBuf in) {
            return new Topic(Wire.readString(in), Wire.readArray(in, 16, Reassignment::readFrom));
        }

        void writeTo(ByteBuf out) {
            Wire.writeString(out, name);
            Wire.writeArray(out, partitions, (o, p) -> p.writeTo(o));
        }
    }

    /** One partition on the move. */
    public record Reassignment(int partition, List<Integer> replicas, List<Integer> adding, List<Integer> removing) {
        static Reassignment readFrom(ByteBuf in) {
            return new Reassignment(Wire.readInt32(in), Wire.readInt32Array(in), Wire.readInt32Array(in),
                    Wire.readInt32Array(in));
        }

        void writeTo(ByteBuf out) {
            out.writeInt(partition);
            Wire.writeInt32Array(out, replicas);
            Wire.writeInt32Array(out, adding);
            Wire.writeInt32Array(out, removing);
        }
    }

    @Override
    public void writeTo(ByteBuf out) {
        Wire.writeError(out, error);
        Wire.writeNullableString(out, errorMessage);
        Wire.writeArray(out, topics, (o, t) -> t.writeTo(o));
    }

    public static ListPartitionReassignmentsResponse readFrom(ByteBuf in) {
        ErrorCode error = Wire.readError(in);
        String message = Wire.readNullableString(in);
        return new ListPartitionReassignmentsResponse(error, message, Wire.readArray(in, 6, Topic::readFrom));
    }
}
