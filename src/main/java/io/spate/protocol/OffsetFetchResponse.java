package io.spate.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * OffsetFetch (9) response:
 * <pre>
 * int16  error_code       group-level: NOT_COORDINATOR, COORDINATOR_LOAD_IN_PROGRESS, ...
 * string error_message    may be null
 * array&lt;topic: string name,
 *       array&lt;partition: int32 partition, int64 committed_offset (-1 = none),
 *             int32 committed_leader_epoch, string metadata (may be null),
 *             int64 commit_timestamp (-1 = none), int16 error_code, string error_message (may be null)&gt;&gt;
 * </pre>
 * A partition the group never committed is answered with offset {@link #NO_OFFSET} and error NONE.
 */
public record OffsetFetchResponse(ErrorCode error, String errorMessage, List<Topic> topics) implements Message {
    /** The {@code committed_offset} (and {@code commit_timestamp}) of a partition with no commit. */
    public static final long NO_OFFSET = -1L;

    /** The committed offsets of one topic. */
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

    /** One partition's committed position, or {@link #NO_OFFSET}. */
    public record Partition(int partition, long committedOffset, int committedLeaderEpoch, String metadata,
                            long commitTimestamp, ErrorCode error, String errorMessage) {
        /** int32 + int64 + int32 + empty string + int64 + int16 + empty string. */
        static final int MIN_BYTES = 30;

        static Partition readFrom(ByteBuf in) {
            return new Partition(Wire.readInt32(in), Wire.readInt64(in), Wire.readInt32(in),
                    Wire.readNullableString(in), Wire.readInt64(in), Wire.readError(in), Wire.readNullableString(in));
        }

        void writeTo(ByteBuf out) {
            out.writeInt(partition).writeLong(committedOffset).writeInt(committedLeaderEpoch);
            Wire.writeNullableString(out, metadata);
            out.writeLong(commitTimestamp);
            Wire.writeError(out, error);
            Wire.writeNullableString(out, errorMessage);
        }
    }

    /** A group-level error answer with no topics. */
    public static OffsetFetchResponse error(ErrorCode error, String errorMessage) {
        return new OffsetFetchResponse(error, errorMessage, List.of());
    }

    @Override
    public void writeTo(ByteBuf out) {
        Wire.writeError(out, error);
        Wire.writeNullableString(out, errorMessage);
        Wire.writeArray(out, topics, (o, t) -> t.writeTo(o));
    }

    public static OffsetFetchResponse readFrom(ByteBuf in) {
        return new OffsetFetchResponse(Wire.readError(in), Wire.readNullableString(in),
                Wire.readArray(in, Topic.MIN_BYTES, Topic::readFrom));
    }
}
