package io.spate.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * ListPartitionReassignments (46) request: the moves in progress, of the partitions named, or of
 * every partition when {@code topics} is null:
 * <pre>
 * int32 timeout_ms
 * nullable array&lt;topic: string name, array&lt;int32&gt; partitions&gt;
 * </pre>
 */
public record ListPartitionReassignmentsRequest(int timeoutMs, List<Topic> topics) implements Message {

    /** A topic and the partitions asked about. */
    public record Topic(String name, List<Integer> partitions) {
        static Topic readFrom(ByteBuf in) {
            return new Topic(Wire.readString(in), Wire.readInt32Array(in));
        }

        void writeTo(ByteBuf out) {
            Wire.writeString(out, name);
            Wire.writeInt32Array(out, partitions);
        }
    }

    @Override
    public void writeTo(ByteBuf out) {
        out.writeInt(timeoutMs);
        Wire.writeNullableArray(out, topics, (o, t) -> t.writeTo(o));
    }

    public static ListPartitionReassignmentsRequest readFrom(ByteBuf in) {
        int timeoutMs = Wire.readInt32(in);
        return new ListPartitionReassignmentsRequest(timeoutMs, Wire.readNullableArray(in, 6, Topic::readFrom));
    }
}
