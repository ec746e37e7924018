package io.spate.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * OffsetFetch (9) request, sent to the group's coordinator:
 * <pre>
 * string group_id
 * array&lt;topic: string name, array&lt;int32 partition&gt;&gt;    null = every committed partition of the group
 * </pre>
 *
 * @param topics the partitions asked about, or {@code null} for all the group has committed
 */
public record OffsetFetchRequest(String groupId, List<Topic> topics) implements Message {

    /** The partitions asked about for one topic. */
    public record Topic(String name, List<Integer> partitions) {
        /** An empty name and an empty array. */
        static final int MIN_BYTES = 6;

        static Topic readFrom(ByteBuf in) {
            return new Topic(Wire.readString(in), Wire.readInt32Array(in));
        }

        void writeTo(ByteBuf out) {
            Wire.writeString(out, name);
            Wire.writeInt32Array(out, partitions);
        }
    }

    /** A request for every partition {@code groupId} has committed. */
    public static OffsetFetchRequest allPartitions(String groupId) {
        return new OffsetFetchRequest(groupId, null);
    }

    @Override
    public void writeTo(ByteBuf out) {
        Wire.writeString(out, groupId);
        Wire.writeNullableArray(out, topics, (o, t) -> t.writeTo(o));
    }

    public static OffsetFetchRequest readFrom(ByteBuf in) {
        String groupId = Wire.readString(in);
        return new OffsetFetchRequest(groupId, Wire.readNullableArray(in, Topic.MIN_BYTES, Topic::readFrom));
    }
}
