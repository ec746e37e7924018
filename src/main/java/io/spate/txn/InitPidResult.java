package io.spate.txn;

import io.spate.protocol.ErrorCode;

/** The answer to InitProducerId with a transactional id: the producer's id and epoch, or an error. */
public record InitPidResult(ErrorCode error, long producerId, short producerEpoch) {
    public static InitPidResult error(ErrorCode error) {
        return new InitPidResult(error, TxnMetadata.NO_PRODUCER_ID, TxnMetadata.NO_EPOCH);
    }

    static InitPidResult of(TxnMetadata m) {
        return new InitPidResult(ErrorCode.NONE, m.producerId(), m.producerEpoch());
    }
}
