package io.spate.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * OffsetCommit (8) response:
 * <pre>
 * array&lt;topic: string name,
 *       array&lt;partition: int32 partition, int16 error_code, string error_message (may be null)&gt;&gt;
 * </pre>
 * A group-level failure (NOT_COORDINATOR, ILLEGAL_GENERATION, ...) is repeated on every partition.
 */
public record OffsetCommitResponse(List<Topic> topics) implements Message {

    /** The outcome for one topic's partitions. */
    public record Topic(String name, List<Partition> partitions) {
        /** An empty name and an empty array. */
        static final int MIN_BYTES = 6;

        static Topic readFrom(ByteBuf in) {
            return new Topic(Wire.readString(in), Wire.readArray(in, Partition.MIN_BYTES, Partition::readFrom));
        }

        void writeTo(ByteBuf out) {
            Wire.writeString(out, name);
            Wire.writeArray(out, partitions, (o, p) -> p.writeTo(o));
        }
    }

    /** The outcome for one partition's commit. */
    public record Partition(int partition, ErrorCode error, String errorMessage) {
        /** int32 + int16 + an empty string. */
        static final int MIN_BYTES = 8;

        static Partition readFrom(ByteBuf in) {
            return new Partition(Wire.readInt32(in), Wire.readError(in), Wire.readNullableString(in));
        }

        void writeTo(ByteBuf out) {
            out.writeInt(partition);
            Wire.writeError(out, error);
            Wire.writeNullableString(out, errorMessage);
        }
    }

    @Override
    public void writeTo(ByteBuf out) {
        Wire.writeArray(out, topics, (o, t) -> t.writeTo(o));
    }

    public static OffsetCommitResponse readFrom(ByteBuf in) {
        return new OffsetCommitResponse(Wire.readArray(in, Topic.MIN_BYTES, Topic::readFrom));
    }
}
