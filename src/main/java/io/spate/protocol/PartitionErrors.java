package io.spate.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * A topic's per-partition outcomes, as the transaction responses (AddPartitionsToTxn,
 * WriteTxnMarkers, TxnOffsetCommit) give them:
 * <pre>
 * string name, array&lt;int32 partition, int16 error_code&gt;
 * </pre>
 */
public record PartitionErrors(String name, List<PartitionError> partitions) {
    /** An empty name and an empty array. */
    static final int MIN_BYTES = 6;

    /** One partition's outcome. */
    public record PartitionError(int partition, ErrorCode error) {
        static final int MIN_BYTES = 6;

        static PartitionError readFrom(ByteBuf in) {
            return new PartitionError(Wire.readInt32(in), Wire.readError(in));
        }

        void writeTo(ByteBuf out) {
            out.writeInt(partition);
            Wire.writeError(out, error);
        }
    }

    /** Every partition of {@code topic} with the same {@code error}. */
    public static PartitionErrors all(TopicPartitions topic, ErrorCode error) {
        return new PartitionErrors(topic.name(), topic.partitions().stream().map(p -> new PartitionError(p, error)).toList());
    }

    public void writeTo(ByteBuf out) {
        Wire.writeString(out, name);
        Wire.writeArray(out, partitions, (o, p) -> p.writeTo(o));
    }

    public static PartitionErrors readFrom(ByteBuf in) {
        return new PartitionErrors(Wire.readString(in), Wire.readArray(in, PartitionError.MIN_BYTES, PartitionError::readFrom));
    }
}
