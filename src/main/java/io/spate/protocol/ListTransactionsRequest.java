package io.spate.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * ListTransactions (66) request, Kafka's v1 fields in Kafka's order, sent to every node (each
 * lists the transactional ids it coordinates); empty filters match everything.
 * <pre>
 * array&lt;string state_filter&gt;        states to list (names as in DescribeTransactions)
 * array&lt;int64 producer_id_filter&gt;
 * int64  duration_filter_ms           -1: any; else only transactions open longer than this
 * </pre>
 */
public record ListTransactionsRequest(List<String> stateFilters, List<Long> producerIdFilters, long durationFilterMs)
        implements Message {
    @Override
    public void writeTo(ByteBuf out) {
        Wire.writeArray(out, stateFilters, Wire::writeString);
        Wire.writeArray(out, producerIdFilters, (o, id) -> o.writeLong(id));
        out.writeLong(durationFilterMs);
    }

    public static ListTransactionsRequest readFrom(ByteBuf in) {
        return new ListTransactionsRequest(Wire.readStringArray(in), Wire.readArray(in, 8, Wire::readInt64),
                Wire.readInt64(in));
    }
}
