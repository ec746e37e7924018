package io.spate.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * WriteTxnMarkers (27) request, Kafka's fields in Kafka's order: a transaction coordinator (or an
 * operator aborting a hanging transaction) asks a partition leader to end a producer's transaction
 * in the named partitions by appending a control batch (a COMMIT or ABORT marker) to each.
 * <pre>
 * array&lt;marker: int64 producer_id, int16 producer_epoch, bool transaction_result (true: commit),
 *        array&lt;topic: string name, array&lt;int32 partition&gt;&gt;,
 *        int32 coordinator_epoch&gt;
 * </pre>
 */
public record WriteTxnMarkersRequest(List<Marker> markers) implements Message {
    /** One producer's transaction to end in some partitions. */
    public record Marker(long producerId, short producerEpoch, boolean committed, List<TopicPartitions> topics,
                         int coordinatorEpoch) {
        /** int64 + int16 + bool + an empty array + int32. */
        static final int MIN_BYTES = 19;

        static Marker readFrom(ByteBuf in) {
            return new Marker(Wire.readInt64(in), Wire.readInt16(in), Wire.readBool(in),
                    Wire.readArray(in, TopicPartitions.MIN_BYTES, TopicPartitions::readFrom), Wire.readInt32(in));
        }

        void writeTo(ByteBuf out) {
            out.writeLong(producerId);
            out.writeShort(producerEpoch);
            Wire.writeBool(out, committed);
            Wire.writeArray(out, topics, (o, t) -> t.writeTo(o));
            out.writeInt(coordinatorEpoch);
        }
    }

    @Override
    public void writeTo(ByteBuf out) {
        Wire.writeArray(out, markers, (o, m) -> m.writeTo(o));
    }

    public static WriteTxnMarkersRequest readFrom(ByteBuf in) {
        return new WriteTxnMarkersRequest(Wire.readArray(in, Marker.MIN_BYTES, Marker::readFrom));
    }
}
