package io.spate.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * ListOffsets (2) response:
 * <pre>
 * array&lt;topic: string name,
 *       array&lt;partition: int32 partition, int16 error_code, string error_message,
 *             int64 timestamp, int64 offset&gt;&gt;
 * </pre>
 * {@code offset} is -1 when no record has a timestamp at or after the one asked for.
 */
public record ListOffsetsResponse(List<TopicResponse> topics) implements Message {

    /** The answers for one topic. */
    public record TopicResponse(String name, List<PartitionResponse> partitions) {
        static TopicResponse readFrom(ByteBuf in) {
            return new TopicResponse(Wire.readString(in), Wire.readArray(in, 24, PartitionResponse::readFrom));
        }

        void writeTo(ByteBuf out) {
            Wire.writeString(out, name);
            Wire.writeArray(out, partitions, (o, p) -> p.writeTo(o));
        }
    }

    /** One partition's resolved offset and the timestamp of the record there (-1 if not by time). */
    public record PartitionResponse(int partition, ErrorCode error, String errorMessage, long timestamp, long offset) {
        static PartitionResponse readFrom(ByteBuf in) {
            return new PartitionResponse(Wire.readInt32(in), Wire.readError(in), Wire.readNullableString(in),
                    Wire.readInt64(in), Wire.readInt64(in));
        }

        void writeTo(ByteBuf out) {
            out.writeInt(partition);
            Wire.writeError(out, error);
            Wire.writeNullableString(out, errorMessage);
            out.writeLong(timestamp).writeLong(offset);
        }
    }

    @Override
    public void writeTo(ByteBuf out) {
        Wire.writeArray(out, topics, (o, t) -> t.writeTo(o));
    }

    public static ListOffsetsResponse readFrom(ByteBuf in) {
        return new ListOffsetsResponse(Wire.readArray(in, 6, TopicResponse::readFrom));
    }
}
