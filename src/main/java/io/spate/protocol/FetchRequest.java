package io.spate.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * Fetch (1) request, version 0:
 * <pre>
 * int32 replica_id       -1 for consumers
 * int32 max_wait_ms      how long to wait for min_bytes
 * int32 min_bytes
 * int32 max_bytes        for the whole response
 * array&lt;topic: string name,
 *       array&lt;partition: int32 partition, int32 current_leader_epoch (-1 = unknown),
 *             int64 fetch_offset, int32 partition_max_bytes&gt;&gt;
 * </pre>
 * Version 1 adds {@code int8 isolation_level} after {@code max_bytes} (Kafka's place):
 * {@link #READ_UNCOMMITTED} or {@link #READ_COMMITTED}, which reads only up to the last stable
 * offset and is answered with the aborted transactions. A request is written as version 0 when it
 * is {@code read_uncommitted} ({@link #version}), so that it reaches nodes that know only version 0.
 */
public record FetchRequest(int replicaId, int maxWaitMs, int minBytes, int maxBytes, List<TopicData> topics,
                           byte isolationLevel) implements Message {
    /** Everything up to the high watermark, aborted transactions included (Kafka's default). */
    public static final byte READ_UNCOMMITTED = 0;
    /** Only up to the last stable offset; aborted transactions' data is to be skipped. */
    public static final byte READ_COMMITTED = 1;

    /** A {@code read_uncommitted} request. */
    public FetchRequest(int replicaId, int maxWaitMs, int minBytes, int maxBytes, List<TopicData> topics) {
        this(replicaId, maxWaitMs, minBytes, maxBytes, topics, READ_UNCOMMITTED);
    }

    /** The replica id a consumer sends. */
    public static final int CONSUMER_REPLICA_ID = -1;
    /** A leader epoch the client does not know. */
    public static final int UNKNOWN_LEADER_EPOCH = -1;

    /** The partitions to fetch of one topic. */
    public record TopicData(String name, List<PartitionData> partitions) {
        static TopicData readFrom(ByteBuf in) {
            return new TopicData(Wire.readString(in), Wire.readArray(in, 20, PartitionData::readFrom));
        }

        void writeTo(ByteBuf out) {
            Wire.writeString(out, name);
            Wire.writeArray(out, partitions, (o, p) -> p.writeTo(o));
        }
    }

    /** Where to read one partition from and how much of it at most. */
    public record PartitionData(int partition, int currentLeaderEpoch, long fetchOffset, int partitionMaxBytes) {
        static PartitionData readFrom(ByteBuf in) {
            return new PartitionData(Wire.readInt32(in), Wire.readInt32(in), Wire.readInt64(in), Wire.readInt32(in));
        }

        void writeTo(ByteBuf out) {
            out.writeInt(partition).writeInt(currentLeaderEpoch).writeLong(fetchOffset).writeInt(partitionMaxBytes);
        }
    }

    @Override
    public short version() {
        return isolationLevel == READ_UNCOMMITTED ? (short) 0 : (short) 1;
    }

    @Override
    public void writeTo(ByteBuf out) {
        out.writeInt(replicaId).writeInt(maxWaitMs).writeInt(minBytes).writeInt(maxBytes);
        if (version() >= 1) {
            out.writeByte(isolationLevel);
        }
        Wire.writeArray(out, topics, (o, t) -> t.writeTo(o));
    }

    /** A version 0 request. */
    public static FetchRequest readFrom(ByteBuf in) {
        return readFrom(in, (short) 0);
    }

    /**
     * @throws MalformedMessageException for an isolation level other than 0 and 1
     */
    public static FetchRequest readFrom(ByteBuf in, short version) {
        int replicaId = Wire.readInt32(in);
        int maxWaitMs = Wire.readInt32(in);
        int minBytes = Wire.readInt32(in);
        int maxBytes = Wire.readInt32(in);
        byte isolation = READ_UNCOMMITTED;
        if (version >= 1) {
            isolation = Wire.readInt8(in);
            if (isolation != READ_UNCOMMITTED && isolation != READ_COMMITTED) {
                throw new MalformedMessageException("isolation_level " + isolation + " is neither 0 nor 1",
                        in.readerIndex() - 1);
            }
        }
        return new FetchRequest(replicaId, maxWaitMs, minBytes, maxBytes, Wire.readArray(in, 6, TopicData::readFrom),
                isolation);
    }
}
