package io.spate.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * AddPartitionsToTxn (24) response: an error per partition named. When one partition fails, the
 * others are not added and answer {@link ErrorCode#OPERATION_NOT_ATTEMPTED} (Kafka's rule).
 * <pre>
 * array&lt;topic: string name, array&lt;int32 partition, int16 error_code&gt;&gt;
 * </pre>
 */
public record AddPartitionsToTxnResponse(List<PartitionErrors> topics) implements Message {
    @Override
    public void writeTo(ByteBuf out) {
        Wire.writeArray(out, topics, (o, t) -> t.writeTo(o));
    }

    public static AddPartitionsToTxnResponse readFrom(ByteBuf in) {
        return new AddPartitionsToTxnResponse(Wire.readArray(in, PartitionErrors.MIN_BYTES, PartitionErrors::readFrom));
    }
}
