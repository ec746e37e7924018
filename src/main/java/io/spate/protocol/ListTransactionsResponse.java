package io.spate.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * ListTransactions (66) response: this node's transactional ids that pass the filters, and the
 * state filters it does not know.
 * <pre>
 * int16  error_code                  COORDINATOR_LOAD_IN_PROGRESS while a coordinator partition loads
 * array&lt;string unknown_state_filter&gt;
 * array&lt;state: string transactional_id, int64 producer_id, string transaction_state&gt;
 * </pre>
 */
public record ListTransactionsResponse(ErrorCode error, List<String> unknownStateFilters, List<Listed> transactions)
        implements Message {
    /** One transactional id. */
    public record Listed(String transactionalId, long producerId, String state) {
        static final int MIN_BYTES = 12;

        static Listed readFrom(ByteBuf in) {
            return new Listed(Wire.readString(in), Wire.readInt64(in), Wire.readString(in));
        }

        void writeTo(ByteBuf out) {
            Wire.writeString(out, transactionalId);
            out.writeLong(producerId);
            Wire.writeString(out, state);
        }
    }

    @Override
    public void writeTo(ByteBuf out) {
        Wire.writeError(out, error);
        Wire.writeArray(out, unknownStateFilters, Wire::writeString);
        Wire.writeArray(out, transactions, (o, t) -> t.writeTo(o));
    }

    public static ListTransactionsResponse readFrom(ByteBuf in) {
        return new ListTransactionsResponse(Wire.readError(in), Wire.readStringArray(in),
                Wire.readArray(in, Listed.MIN_BYTES, Listed::readFrom));
    }
}
