package io.spate.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * OffsetCommit (8) request, sent to the group's coordinator:
 * <pre>
 * string group_id
 * int32  generation_id        -1 = a commit from outside the group protocol
 * string member_id            "" with generation -1
 * string group_instance_id    may be null
 * array&lt;topic: string name,
 *       array&lt;partition: int32 partition, int64 committed_offset,
 *             int32 committed_leader_epoch (-1 unknown), string committed_metadata (may be null)&gt;&gt;
 * </pre>
 * A commit with {@link #NO_GENERATION} (admin tools, consumers that assign() their partitions) is
 * accepted only while the group has no members.
 */
public record OffsetCommitRequest(String groupId, int generationId, String memberId, String groupInstanceId,
                                  List<Topic> topics) implements Message {
    /** The generation of a commit made outside the group protocol. */
    public static final int NO_GENERATION = -1;
    /** The leader epoch of a committed offset whose epoch is not known. */
    public static final int UNKNOWN_LEADER_EPOCH = -1;

    /** The offsets committed for one topic. */
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

    /** One partition's committed position: the offset of the next record to consume. */
    public record Partition(int partition, long committedOffset, int committedLeaderEpoch, String committedMetadata) {
        /** int32 + int64 + int32 + an empty string. */
        static final int MIN_BYTES = 18;

        static Partition readFrom(ByteBuf in) {
            return new Partition(Wire.readInt32(in), Wire.readInt64(in), Wire.readInt32(in),
                    Wire.readNullableString(in));
        }

        void writeTo(ByteBuf out) {
            out.writeInt(partition).writeLong(committedOffset).writeInt(committedLeaderEpoch);
            Wire.writeNullableString(out, committedMetadata);
        }
    }

    @Override
    public void writeTo(ByteBuf out) {
        Wire.writeString(out, groupId);
        out.writeInt(generationId);
        Wire.writeString(out, memberId);
        Wire.writeNullableString(out, groupInstanceId);
        Wire.writeArray(out, topics, (o, t) -> t.writeTo(o));
    }

    public static OffsetCommitRequest readFrom(ByteBuf in) {
        return new OffsetCommitRequest(Wire.readString(in), Wire.readInt32(in), Wire.readString(in),
                Wire.readNullableString(in), Wire.readArray(in, Topic.MIN_BYTES, Topic::readFrom));
    }
}
