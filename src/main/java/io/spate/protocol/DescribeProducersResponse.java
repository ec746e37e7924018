package io.spate.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * DescribeProducers (61) response, Kafka's fields in Kafka's order: the producers a partition's
 * leader keeps state for (those not expired).
 * <pre>
 * array&lt;topic: string name,
 *       array&lt;partition: int32 partition, int16 error_code, nullable string error_message,
 *             array&lt;producer: int64 producer_id, int32 producer_epoch, int32 last_sequence,
 *                   int64 last_timestamp, int32 coordinator_epoch,
 *                   int64 current_txn_start_offset (-1: no open transaction)&gt;&gt;&gt;
 * </pre>
 */
public record DescribeProducersResponse(List<Topic> topics) implements Message {
    /** One topic's partitions. */
    public record Topic(String name, List<Partition> partitions) {
        static final int MIN_BYTES = 6;

        static Topic readFrom(ByteBuf in) {
            return new Topic(Wire.readString(in), Wire.readArray(in, Partition.MIN_BYTES, Partition::readFrom));
        }

        void writeTo(ByteBuf out) {
            Wire.writeString(out, name);
            Wire.writeArray(out, partitions, (o, p) -> p.writeTo(o));
        }
    }

    /** One partition's producers, or why there are none. */
    public record Partition(int partition, ErrorCode error, String errorMessage, List<ActiveProducer> producers) {
        /** int32 + int16 + a null string + an empty array. */
        static final int MIN_BYTES = 12;

        public static Partition failed(int partition, ErrorCode error, String message) {
            return new Partition(partition, error, message, List.of());
        }

        static Partition readFrom(ByteBuf in) {
            return new Partition(Wire.readInt32(in), Wire.readError(in), Wire.readNullableString(in),
                    Wire.readArray(in, ActiveProducer.BYTES, ActiveProducer::readFrom));
        }

        void writeTo(ByteBuf out) {
            out.writeInt(partition);
            Wire.writeError(out, error);
            Wire.writeNullableString(out, errorMessage);
            Wire.writeArray(out, producers, (o, p) -> p.writeTo(o));
        }
    }

    /** One producer's state in a partition. */
    public record ActiveProducer(long producerId, int producerEpoch, int lastSequence, long lastTimestamp,
                                 int coordinatorEpoch, long currentTxnStartOffset) {
        static final int BYTES = 36;

        static ActiveProducer readFrom(ByteBuf in) {
            return new ActiveProducer(Wire.readInt64(in), Wire.readInt32(in), Wire.readInt32(in), Wire.readInt64(in),
                    Wire.readInt32(in), Wire.readInt64(in));
        }

        void writeTo(ByteBuf out) {
            out.writeLong(producerId).writeInt(producerEpoch).writeInt(lastSequence).writeLong(lastTimestamp)
                    .writeInt(coordinatorEpoch).writeLong(currentTxnStartOffset);
        }
    }

    @Override
    public void writeTo(ByteBuf out) {
        Wire.writeArray(out, topics, (o, t) -> t.writeTo(o));
    }

    public static DescribeProducersResponse readFrom(ByteBuf in) {
        return new DescribeProducersResponse(Wire.readArray(in, Topic.MIN_BYTES, Topic::readFrom));
    }
}
