package io.spate.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * A topic and some of its partition numbers, as the transaction requests name them:
 * <pre>
 * string name, array&lt;int32 partition&gt;
 * </pre>
 */
public record TopicPartitions(String name, List<Integer> partitions) {
    /** An empty name and an empty array. */
    static final int MIN_BYTES = 6;

    public void writeTo(ByteBuf out) {
        Wire.writeString(out, name);
        Wire.writeInt32Array(out, partitions);
    }

    public static TopicPartitions readFrom(ByteBuf in) {
        return new TopicPartitions(Wire.readString(in), Wire.readInt32Array(in));
    }
}
