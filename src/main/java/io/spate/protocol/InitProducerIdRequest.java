package io.spate.protocol;

import io.netty.buffer.ByteBuf;

/**
 * InitProducerId (22) request, Kafka's fields in Kafka's order:
 * <pre>
 * nullable string transactional_id        null: an idempotent producer without transactions
 * int32  transaction_timeout_ms           -1 without a transactional id
 * int64  producer_id                      -1 for a new producer; its current id to bump its epoch (KIP-360)
 * int16  producer_epoch                   -1 for a new producer; its current epoch to bump it
 * </pre>
 */
public record InitProducerIdRequest(String transactionalId, int transactionTimeoutMs, long producerId,
                                    short producerEpoch) implements Message {
    @Override
    public void writeTo(ByteBuf out) {
        Wire.writeNullableString(out, transactionalId);
        out.writeInt(transactionTimeoutMs);
        out.writeLong(producerId);
        out.writeShort(producerEpoch);
    }

    public static InitProducerIdRequest readFrom(ByteBuf in) {
        return new InitProducerIdRequest(Wire.readNullableString(in), Wire.readInt32(in), Wire.readInt64(in),
                Wire.readInt16(in));
    }
}
