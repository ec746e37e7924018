package io.spate.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * DescribeTransactions (65) request, sent to the coordinator of each transactional id:
 * <pre>
 * array&lt;string transactional_id&gt;
 * </pre>
 */
public record DescribeTransactionsRequest(List<String> transactionalIds) implements Message {
    @Override
    public void writeTo(ByteBuf out) {
        Wire.writeArray(out, transactionalIds, Wire::writeString);
    }

    public static DescribeTransactionsRequest readFrom(ByteBuf in) {
        return new DescribeTransactionsRequest(Wire.readStringArray(in));
    }
}
