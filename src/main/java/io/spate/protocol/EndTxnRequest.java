package io.spate.protocol;

import io.netty.buffer.ByteBuf;

/**
 * EndTxn (26) request, Kafka's fields in Kafka's order: commit or abort the producer's open
 * transaction. The answer comes once the outcome is durable in {@code __transaction_state}
 * (PrepareCommit / PrepareAbort); the markers are written after it. Answered with a
 * {@link TxnErrorResponse}.
 * <pre>
 * string transactional_id
 * int64  producer_id
 * int16  producer_epoch
 * bool   committed          true: commit, false: abort
 * </pre>
 */
public record EndTxnRequest(String transactionalId, long producerId, short producerEpoch, boolean committed)
        implements Message {
    @Override
    public void writeTo(ByteBuf out) {
        Wire.writeString(out, transactionalId);
        out.writeLong(producerId);
        out.writeShort(producerEpoch);
        Wire.writeBool(out, committed);
    }

    public static EndTxnRequest readFrom(ByteBuf in) {
        return new EndTxnRequest(Wire.readString(in), Wire.readInt64(in), Wire.readInt16(in), Wire.readBool(in));
    }
}
