package io.spate.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * Produce (0) response:
 * <pre>
 * array&lt;topic: string name,
 *       array&lt;partition: int32 partition, int16 error_code, string error_message,
 *             int64 base_offset, int64 log_append_time, int64 log_start_offset&gt;&gt;
 * </pre>
 */
public record ProduceResponse(List<TopicResponse> topics) implements Message {

    /** The answers for one topic. */
    public record TopicResponse(String name, List<PartitionResponse> partitions) {
        static TopicResponse readFrom(ByteBuf in) {
            return new TopicResponse(Wire.readString(in), Wire.readArray(in, 32, PartitionResponse::readFrom));
        }

        void writeTo(ByteBuf out) {
            Wire.writeString(out, name);
            Wire.writeArray(out, partitions, (o, p) -> p.writeTo(o));
        }
    }

    /**
     * One partition's answer: {@code baseOffset} is the offset given to its first record;
     * {@code logAppendTime} is the broker time for a LogAppendTime topic, else -1.
     */
    public record PartitionResponse(int partition, ErrorCode error, String errorMessage, long baseOffset,
                                    long logAppendTime, long logStartOffset) {
        static PartitionResponse readFrom(ByteBuf in) {
            return new PartitionResponse(Wire.readInt32(in), Wire.readError(in), Wire.readNullableString(in),
                    Wire.readInt64(in), Wire.readInt64(in), Wire.readInt64(in));
        }

        void writeTo(ByteBuf out) {
            out.writeInt(partition);
            Wire.writeError(out, error);
            Wire.writeNullableString(out, errorMessage);
            out.writeLong(baseOffset).writeLong(logAppendTime).writeLong(logStartOffset);
        }
    }

    @Override
    public void writeTo(ByteBuf out) {
        Wire.writeArray(out, topics, (o, t) -> t.writeTo(o));
    }

    public static ProduceResponse readFrom(ByteBuf in) {
        return new ProduceResponse(Wire.readArray(in, 6, TopicResponse::readFrom));
    }
}
