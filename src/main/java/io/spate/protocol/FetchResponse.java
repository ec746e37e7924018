package io.spate.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * Fetch (1) response, version 0:
 * <pre>
 * array&lt;topic: string name,
 *       array&lt;partition: int32 partition, int16 error_code, string error_message,
 *             int64 high_watermark, int64 log_start_offset, records records&gt;&gt;
 * </pre>
 * Version 1 (the answer to a version 1 request) adds, after {@code high_watermark}, {@code int64
 * last_stable_offset} (-1 when unknown) and, after {@code log_start_offset}, {@code nullable
 * array<int64 producer_id, int64 first_offset> aborted_transactions}: for a {@code read_committed}
 * fetch, the aborted transactions whose data may be in {@code records} (null otherwise).
 *
 * <p>{@code records} holds whole stored batches starting with the one that contains the fetch
 * offset (so it may start below it), and may end with a partial batch. Buffers read by
 * {@link #readFrom} are slices of the frame, neither retained nor copied: they are valid only while
 * the frame lives (retain the frame to keep them). {@link #writeTo} copies their readable bytes.
 */
public record FetchResponse(List<TopicData> topics, short version) implements Message {
    /** A version 0 response. */
    public FetchResponse(List<TopicData> topics) {
        this(topics, (short) 0);
    }

    /** An aborted transaction: its producer and the offset of its first batch in this partition. */
    public record AbortedTransaction(long producerId, long firstOffset) {
        static final int BYTES = 16;

        static AbortedTransaction readFrom(ByteBuf in) {
            return new AbortedTransaction(Wire.readInt64(in), Wire.readInt64(in));
        }
    }

    /** The answers for one topic. */
    public record TopicData(String name, List<PartitionData> partitions) {
        static TopicData readFrom(ByteBuf in, short version) {
            return new TopicData(Wire.readString(in), Wire.readArray(in, 28, b -> PartitionData.readFrom(b, version)));
        }

        void writeTo(ByteBuf out, short version) {
            writeTopicPrefix(out, name, partitions.size());
            partitions.forEach(p -> p.writeTo(out, version));
        }
    }

    /**
     * One partition's answer; {@code records} is null when the wire says -1. {@code lastStableOffset}
     * and {@code abortedTransactions} are version 1's (-1 and null in version 0).
     */
    public record PartitionData(int partition, ErrorCode error, String errorMessage, long highWatermark,
                                long logStartOffset, ByteBuf records, long lastStableOffset,
                                List<AbortedTransaction> abortedTransactions) {
        /** A version 0 answer. */
        public PartitionData(int partition, ErrorCode error, String errorMessage, long highWatermark,
                             long logStartOffset, ByteBuf records) {
            this(partition, error, errorMessage, highWatermark, logStartOffset, records, -1L, null);
        }

        static PartitionData readFrom(ByteBuf in, short version) {
            int partition = Wire.readInt32(in);
            ErrorCode error = Wire.readError(in);
            String message = Wire.readNullableString(in);
            long highWatermark = Wire.readInt64(in);
            long lastStable = version >= 1 ? Wire.readInt64(in) : -1L;
            long logStart = Wire.readInt64(in);
            List<AbortedTransaction> aborted = version >= 1
                    ? Wire.readNullableArray(in, AbortedTransaction.BYTES, AbortedTransaction::readFrom) : null;
            return new PartitionData(partition, error, message, highWatermark, logStart, Wire.readRecords(in), lastStable,
                    aborted);
        }

        void writeTo(ByteBuf out, short version) {
            int recordsBytes = records == null ? -1 : records.readableBytes();
            if (version >= 1) {
                writePartitionPrefix(out, partition, error, errorMessage, highWatermark, lastStableOffset, logStartOffset,
                        abortedTransactions, recordsBytes);
            } else {
                writePartitionPrefix(out, partition, error, errorMessage, highWatermark, logStartOffset, recordsBytes);
            }
            if (records != null) {
                out.writeBytes(records, records.readerIndex(), records.readableBytes());
            }
        }
    }

    @Override
    public void writeTo(ByteBuf out) {
        out.writeInt(topics.size());
        topics.forEach(t -> t.writeTo(out, version));
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

    /**
     * Version 1's partition prefix: version 0's with {@code lastStableOffset} and the aborted
     * transactions (null: none asked for) in their places.
     */
    public static void writePartitionPrefix(ByteBuf out, int partition, ErrorCode error, String errorMessage,
                                            long highWatermark, long lastStableOffset, long logStartOffset,
                                            List<AbortedTransaction> abortedTransactions, int recordsBytes) {
        out.writeInt(partition);
        Wire.writeError(out, error);
        Wire.writeNullableString(out, errorMessage);
        out.writeLong(highWatermark).writeLong(lastStableOffset).writeLong(logStartOffset);
        Wire.writeNullableArray(out, abortedTransactions, (o, a) -> o.writeLong(a.producerId()).writeLong(a.firstOffset()));
        out.writeInt(recordsBytes);
    }

    /** A version 0 response. */
    public static FetchResponse readFrom(ByteBuf in) {
        return readFrom(in, (short) 0);
    }

    public static FetchResponse readFrom(ByteBuf in, short version) {
        return new FetchResponse(Wire.readArray(in, 6, b -> TopicData.readFrom(b, version)), version);
    }
}
