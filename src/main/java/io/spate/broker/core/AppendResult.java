package io.spate.broker.core;

import io.spate.protocol.ErrorCode;

/**
 * The outcome of appending one partition's data of a produce request.
 *
 * @param baseOffset    offset of the first record appended, -1 on error
 * @param logAppendTime broker time stamped into the batches for LogAppendTime topics, else -1
 */
public record AppendResult(ErrorCode error, String errorMessage, long baseOffset, long logAppendTime,
                           long logStartOffset) {

    public static AppendResult failed(ErrorCode error, String message) {
        return new AppendResult(error, message, -1, -1, -1);
    }

    /** A batch the producer state refused, with its wire error. */
    static AppendResult refused(io.spate.log.ProducerBatchRefusedException e) {
        ErrorCode error = switch (e.reason()) {
            case OUT_OF_ORDER_SEQUENCE -> ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER;
            case INVALID_PRODUCER_EPOCH -> ErrorCode.INVALID_PRODUCER_EPOCH;
            case MORE_THAN_ONE_BATCH -> ErrorCode.INVALID_RECORD;
            case INVALID_TXN_STATE -> ErrorCode.INVALID_TXN_STATE;
            case TRANSACTION_COORDINATOR_FENCED -> ErrorCode.TRANSACTION_COORDINATOR_FENCED;
        };
        return failed(error, e.getMessage());
    }
}
