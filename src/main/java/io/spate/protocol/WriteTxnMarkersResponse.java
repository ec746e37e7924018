package io.spate.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * WriteTxnMarkers (27) response: per marker of the request, in its order, an error per partition.
 * <pre>
 * array&lt;marker: int64 producer_id,
 *        array&lt;topic: string name, array&lt;int32 partition, int16 error_code&gt;&gt;&gt;
 * </pre>
 */
public record WriteTxnMarkersResponse(List<MarkerResult> markers) implements Message {
    /** One marker's outcome. */
    public record MarkerResult(long producerId, List<PartitionErrors> topics) {
        static final int MIN_BYTES = 12;

        static MarkerResult readFrom(ByteBuf in) {
            return new MarkerResult(Wire.readInt64(in), Wire.readArray(in, PartitionErrors.MIN_BYTES, PartitionErrors::readFrom));
        }

        void writeTo(ByteBuf out) {
            out.writeLong(producerId);
            Wire.writeArray(out, topics, (o, t) -> t.writeTo(o));
        }
    }

    @Override
    public void writeTo(ByteBuf out) {
        Wire.writeArray(out, markers, (o, m) -> m.writeTo(o));
    }

    public static WriteTxnMarkersResponse readFrom(ByteBuf in) {
        return new WriteTxnMarkersResponse(Wire.readArray(in, MarkerResult.MIN_BYTES, MarkerResult::readFrom));
    }
}
