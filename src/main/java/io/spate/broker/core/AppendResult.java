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
}
