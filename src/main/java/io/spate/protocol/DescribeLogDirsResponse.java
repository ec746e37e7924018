package io.spate.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * DescribeLogDirs (35) response: the log state of the partitions this node hosts.
 * <pre>
 * array&lt;topic: string name, int16 error_code, string error_message,
 *       array&lt;partition: int32 partition, int16 error_code, int64 log_start_offset,
 *             int64 log_end_offset, int64 high_watermark, int64 size_bytes,
 *             int32 segment_count&gt;&gt;
 * </pre>
 */
public record DescribeLogDirsResponse(List<TopicLogs> topics) implements Message {

    /** The partitions of one topic on this node. */
    public record TopicLogs(String name, ErrorCode error, String errorMessage, List<PartitionLog> partitions) {
        static TopicLogs readFrom(ByteBuf in) {
            return new TopicLogs(Wire.readString(in), Wire.readError(in), Wire.readNullableString(in),
                    Wire.readArray(in, 42, PartitionLog::readFrom));
        }

        void writeTo(ByteBuf out) {
            Wire.writeString(out, name);
            Wire.writeError(out, error);
            Wire.writeNullableString(out, errorMessage);
            Wire.writeArray(out, partitions, (o, p) -> p.writeTo(o));
        }
    }

    /** One partition's log: offsets, bytes on disk and segment count. */
    public record PartitionLog(int partition, ErrorCode error, long logStartOffset, long logEndOffset,
                               long highWatermark, long sizeBytes, int segmentCount) {
        static PartitionLog readFrom(ByteBuf in) {
            return new PartitionLog(Wire.readInt32(in), Wire.readError(in), Wire.readInt64(in), Wire.readInt64(in),
                    Wire.readInt64(in), Wire.readInt64(in), Wire.readInt32(in));
        }

        void writeTo(ByteBuf out) {
            out.writeInt(partition);
            Wire.writeError(out, error);
            out.writeLong(logStartOffset).writeLong(logEndOffset).writeLong(highWatermark).writeLong(sizeBytes);
            out.writeInt(segmentCount);
        }
    }

    @Override
    public void writeTo(ByteBuf out) {
        Wire.writeArray(out, topics, (o, t) -> t.writeTo(o));
    }

    public static DescribeLogDirsResponse readFrom(ByteBuf in) {
        return new DescribeLogDirsResponse(Wire.readArray(in, 10, TopicLogs::readFrom));
    }
}
