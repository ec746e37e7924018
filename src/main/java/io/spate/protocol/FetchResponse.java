package io.spate.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * Fetch (1) response:
 * <pre>
 * array&lt;topic: string name,
 *       array&lt;partition: int32 partition, int16 error_code, string error_message,
 *             int64 high_watermark, int64 log_start_offset, records records&gt;&gt;
 * </pre>
 *
 * <p>{@code records} holds whole stored batches starting with the one that contains the fetch
 * offset (so it may start below it), and may end with a partial batch. Buffers read by
 * {@link #readFrom} are slices of the frame, neither retained nor copied: they are valid only while
 * the frame lives (retain the frame to keep them). {@link #writeTo} copies their readable bytes.
 */
public record FetchResponse(List<TopicData> topics) implements Message {

    /** The answers for one topic. */
    public record TopicData(String name, List<PartitionData> partitions) {
        static TopicData readFrom(ByteBuf in) {
            return new TopicData(Wire.readString(in), Wire.readArray(in, 28, PartitionData::readFrom));
        }

        void writeTo(ByteBuf out) {
            Wire.writeString(out, name);
            Wire.writeArray(out, partitions, (o, p) -> p.writeTo(o));
        }
    }

    /** One partition's answer; {@code records} is null when the wire says -1. */
    public record PartitionData(int partition, ErrorCode error, String errorMessage, long highWatermark,
                                long logStartOffset, ByteBuf records) {
        static PartitionData readFrom(ByteBuf in) {
            return new PartitionData(Wire.readInt32(in), Wire.readError(in), Wire.readNullableString(in),
                    Wire.readInt64(in), Wire.readInt64(in), Wire.readRecords(in));
        }

        void writeTo(ByteBuf out) {
            out.writeInt(partition);
            Wire.writeError(out, error);
            Wire.writeNullableString(out, errorMessage);
            out.writeLong(highWatermark).writeLong(logStartOffset);
            Wire.writeRecords(out, records);
        }
    }

    @Override
    public void writeTo(ByteBuf out) {
        Wire.writeArray(out, topics, (o, t) -> t.writeTo(o));
    }

    public static FetchResponse readFrom(ByteBuf in) {
        return new FetchResponse(Wire.readArray(in, 6, TopicData::readFrom));
    }
}
