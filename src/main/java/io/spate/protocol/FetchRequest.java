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
 *
 * <p>Version 2 adds, per partition after {@code fetch_offset} (Kafka's place), {@code int64
 * log_start_offset}: a follower's own log start, which its leader needs to answer DeleteRecords
 * (Kafka's low watermark); {@link #UNKNOWN_LOG_START_OFFSET} for consumers. A request is written as
 * version 2 only when a partition carries one, so consumers' requests keep their version.
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
    /** The log start offset of a fetch that reports none (a consumer's, or any before version 2). */
    public static final long UNKNOWN_LOG_START_OFFSET = -1L;

    /** The partitions to fetch of one topic. */
    public record TopicData(String name, List<PartitionData> partitions) {
        static TopicData readFrom(ByteBuf in, short version) {
            return new TopicData(Wire.readString(in), Wire.readArray(in, version >= 2 ? 28 : 20,
                    b -> PartitionData.readFrom(b, version)));
        }

        void writeTo(ByteBuf out, short version) {
            Wire.writeString(out, name);
            Wire.writeArray(out, partitions, (o, p) -> p.writeTo(o, version));
        }
    }

    /**
     * Where to read one partition from and how much of it at most; a follower also reports its log
     * start ({@link #UNKNOWN_LOG_START_OFFSET} when it does not: a consumer, or a version below 2).
     */
    public record PartitionData(int partition, int currentLeaderEpoch, long fetchOffset, long logStartOffset,
                                int partitionMaxBytes) {
        /** A partition that reports no log start (a consumer's). */
        public PartitionData(int partition, int currentLeaderEpoch, long fetchOffset, int partitionMaxBytes) {
            this(partition, currentLeaderEpoch, fetchOffset, UNKNOWN_LOG_START_OFFSET, partitionMaxBytes);
        }

        static PartitionData readFrom(ByteBuf in, short version) {
            int partition = Wire.readInt32(in);
            int epoch = Wire.readInt32(in);
            long fetchOffset = Wire.readInt64(in);
            long logStart = version >= 2 ? Wire.readInt64(in) : UNKNOWN_LOG_START_OFFSET;
            return new PartitionData(partition, epoch, fetchOffset, logStart, Wire.readInt32(in));
        }

        void writeTo(ByteBuf out, short version) {
            out.writeInt(partition).writeInt(currentLeaderEpoch).writeLong(fetchOffset);
            if (version >= 2) {
                out.writeLong(logStartOffset);
            }
            out.writeInt(partitionMaxBytes);
        }
    }

    /** 2 when a partition reports its log start, else 1 for {@code read_committed}, else 0. */
    @Override
    public short version() {
        boolean logStarts = topics.stream().anyMatch(t -> t.partitions().stream()
                .anyMatch(p -> p.logStartOffset() != UNKNOWN_LOG_START_OFFSET));
        return logStarts ? (short) 2 : isolationLevel == READ_UNCOMMITTED ? (short) 0 : (short) 1;
    }

    /** This request without the partitions' log starts: what a node that knows no version 2 reads. */
    public FetchRequest withoutLogStartOffsets() {
        return new FetchRequest(replicaId, maxWaitMs, minBytes, maxBytes, topics.stream().map(t -> new TopicData(t.name(),
                t.partitions().stream().map(p -> new PartitionData(p.partition(), p.currentLeaderEpoch(), p.fetchOffset(),
                        p.partitionMaxBytes())).toList())).toList(), isolationLevel);
    }

    @Override
    public void writeTo(ByteBuf out) {
        short version = version();
        out.writeInt(replicaId).writeInt(maxWaitMs).writeInt(minBytes).writeInt(maxBytes);
        if (version >= 1) {
            out.writeByte(isolationLevel);
        }
        Wire.writeArray(out, topics, (o, t) -> t.writeTo(o, version));
    }

    /** A version 0 request. */
    public static FetchRequest readFrom(ByteBuf in) {
        return readFrom(in, (short) 0);
    }

    /**
     * @throws MalformedMessageException for an isolation level other than 0 and 1 (versions 1 and 2)
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
        return new FetchRequest(replicaId, maxWaitMs, minBytes, maxBytes,
                Wire.readArray(in, 6, b -> TopicData.readFrom(b, version)), isolation);
    }
}
