package io.spate.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * DescribeTransactions (65) response, Kafka's fields in Kafka's order: per transactional id asked,
 * its coordinator's view ({@link ErrorCode#TRANSACTIONAL_ID_NOT_FOUND} when it has none,
 * {@link ErrorCode#NOT_COORDINATOR} when this node does not coordinate it).
 * <pre>
 * array&lt;state: int16 error_code, string transactional_id,
 *        string transaction_state           Empty, Ongoing, PrepareCommit, PrepareAbort,
 *                                           CompleteCommit, CompleteAbort, PrepareEpochFence, Dead
 *        int32 transaction_timeout_ms, int64 transaction_start_time_ms (-1: none open),
 *        int64 producer_id, int16 producer_epoch,
 *        array&lt;topic: string name, array&lt;int32 partition&gt;&gt;&gt;
 * </pre>
 */
public record DescribeTransactionsResponse(List<TransactionState> states) implements Message {
    /** One transactional id's state. */
    public record TransactionState(ErrorCode error, String transactionalId, String state, int timeoutMs,
                                   long startTimeMs, long producerId, short producerEpoch,
                                   List<TopicPartitions> topics) {
        /** int16 + two empty strings + int32 + int64 + int64 + int16 + an empty array. */
        static final int MIN_BYTES = 32;

        /** An id this node could not describe. */
        public static TransactionState failed(String transactionalId, ErrorCode error) {
            return new TransactionState(error, transactionalId, "", -1, -1, -1, (short) -1, List.of());
        }

        static TransactionState readFrom(ByteBuf in) {
            return new TransactionState(Wire.readError(in), Wire.readString(in), Wire.readString(in), Wire.readInt32(in),
                    Wire.readInt64(in), Wire.readInt64(in), Wire.readInt16(in),
                    Wire.readArray(in, TopicPartitions.MIN_BYTES, TopicPartitions::readFrom));
        }

        void writeTo(ByteBuf out) {
            Wire.writeError(out, error);
            Wire.writeString(out, transactionalId);
            Wire.writeString(out, state);
            out.writeInt(timeoutMs);
            out.writeLong(startTimeMs);
            out.writeLong(producerId);
            out.writeShort(producerEpoch);
            Wire.writeArray(out, topics, (o, t) -> t.writeTo(o));
        }
    }

    @Override
    public void writeTo(ByteBuf out) {
        Wire.writeArray(out, states, (o, s) -> s.writeTo(o));
    }

    public static DescribeTransactionsResponse readFrom(ByteBuf in) {
        return new DescribeTransactionsResponse(Wire.readArray(in, TransactionState.MIN_BYTES, TransactionState::readFrom));
    }
}
