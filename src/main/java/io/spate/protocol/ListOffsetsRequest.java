package io.spate.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * ListOffsets (2) request:
 * <pre>
 * int32 replica_id
 * array&lt;topic: string name, array&lt;partition: int32 partition, int64 timestamp&gt;&gt;
 * </pre>
 * {@code timestamp} is {@link #EARLIEST_TIMESTAMP}, {@link #LATEST_TIMESTAMP}, or a time in ms: the
 * first offset whose record timestamp is at or after it.
 *
 * <p>Version 1 adds {@code int8 isolation_level} after {@code replica_id} (Kafka's place): with
 * {@link FetchRequest#READ_COMMITTED}, {@link #LATEST_TIMESTAMP} asks for the last stable offset
 * and a time finds offsets below it only. A {@code read_uncommitted} request is written as version 0.
 */
public record ListOffsetsRequest(int replicaId, List<TopicData> topics, byte isolationLevel) implements Message {
    /** A {@code read_uncommitted} request. */
    public ListOffsetsRequest(int replicaId, List<TopicData> topics) {
        this(replicaId, topics, FetchRequest.READ_UNCOMMITTED);
    }

    /** Asks for the log start offset. */
    public static final long EARLIEST_TIMESTAMP = -2L;
    /** Asks for the high watermark. */
    public static final long LATEST_TIMESTAMP = -1L;

    /** The partitions asked about for one topic. */
    public record TopicData(String name, List<PartitionData> partitions) {
        static TopicData readFrom(ByteBuf in) {
            return new TopicData(Wire.readString(in), Wire.readArray(in, 12, PartitionData::readFrom));
        }

        void writeTo(ByteBuf out) {
            Wire.writeString(out, name);
            Wire.writeArray(out, partitions, (o, p) -> p.writeTo(o));
        }
    }

    /** One partition and the timestamp spec to resolve. */
    public record PartitionData(int partition, long timestamp) {
        static PartitionData readFrom(ByteBuf in) {
            return new PartitionData(Wire.readInt32(in), Wire.readInt64(in));
        }

        void writeTo(ByteBuf out) {
            out.writeInt(partition).writeLong(timestamp);
        }
    }

    @Override
    public short version() {
        return isolationLevel == FetchRequest.READ_UNCOMMITTED ? (short) 0 : (short) 1;
    }

    @Override
    public void writeTo(ByteBuf out) {
        out.writeInt(replicaId);
        if (version() >= 1) {
            out.writeByte(isolationLevel);
        }
        Wire.writeArray(out, topics, (o, t) -> t.writeTo(o));
    }

    /** A version 0 request. */
    public static ListOffsetsRequest readFrom(ByteBuf in) {
        return readFrom(in, (short) 0);
    }

    /**
     * @throws MalformedMessageException for an isolation level other than 0 and 1
     */
    public static ListOffsetsRequest readFrom(ByteBuf in, short version) {
        int replicaId = Wire.readInt32(in);
        byte isolation = FetchRequest.READ_UNCOMMITTED;
        if (version >= 1) {
            isolation = Wire.readInt8(in);
            if (isolation != FetchRequest.READ_UNCOMMITTED && isolation != FetchRequest.READ_COMMITTED) {
                throw new MalformedMessageException("isolation_level " + isolation + " is neither 0 nor 1",
                        in.readerIndex() - 1);
            }
        }
        return new ListOffsetsRequest(replicaId, Wire.readArray(in, 6, TopicData::readFrom), isolation);
    }
}
