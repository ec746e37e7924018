package io.spate.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * TxnOffsetCommit (28) response: an error per partition (a group-level failure is repeated on every
 * partition).
 * <pre>
 * array&lt;topic: string name, array&lt;int32 partition, int16 error_code&gt;&gt;
 * </pre>
 */
public record TxnOffsetCommitResponse(List<PartitionErrors> topics) implements Message {
    @Override
    public void writeTo(ByteBuf out) {
        Wire.writeArray(out, topics, (o, t) -> t.writeTo(o));
    }

    public static TxnOffsetCommitResponse readFrom(ByteBuf in) {
        return new TxnOffsetCommitResponse(Wire.readArray(in, PartitionErrors.MIN_BYTES, PartitionErrors::readFrom));
    }
}
