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
            writeTopicPrefix(out, name, partitions.size());
            partitions.forEach(p -> p.writeTo(out));
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
            if (records == null) {
                writePartitionPrefix(out, partition, error, errorMessage, highWatermark, logStartOffset, -1);
                return;
            }
            writePartitionPrefix(out, partition, error, errorMessage, highWatermark, logStartOffset, records.readableBytes());
            out.writeBytes(records, records.readerIndex(), records.readableBytes());
        }
    }

    @Override
    public void writeTo(ByteBuf out) {
        out.writeInt(topics.size());
        topics.forEach(t -> t.writeTo(out));
    }

    /*
     * Piecewise encoding, for a writer that sends the records bytes from elsewhere (a file region)
     * instead of copying them into the buffer: the body is int32 topic count, then per topic
     * writeTopicPrefix, then per partition writePartitionPrefix followed by exactly recordsBytes
     * bytes of records. Together they produce the same bytes as writeTo.
     */

    /** Writes a topic's name and its partition count (int16 length + UTF-8, int32 count). */
    public static void writeTopicPrefix(ByteBuf out, String name, int partitionCount) {
        Wire.writeString(out, name);
        out.writeInt(partitionCount);
    }

    /**
     * Writes a partition's fields up to and including the records length ({@code -1} = null
     * records); the caller then sends exactly {@code recordsBytes} bytes of batches.
     */
    public static void writePartitionPrefix(ByteBuf out, int partition, ErrorCode error, String errorMessage,
                                            long highWatermark, long logStartOffset, int recordsBytes) {
        out.writeInt(partition);
        Wire.writeError(out, error);
        Wire.writeNullableString(out, errorMessage);
        out.writeLong(highWatermark).writeLong(logStartOffset);
        out.writeInt(recordsBytes);
    }

    public static FetchResponse readFrom(ByteBuf in) {
        return new FetchResponse(Wire.readArray(in, 6, TopicData::readFrom));
    }
}
