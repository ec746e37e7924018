package io.spate.broker.core;

import io.spate.protocol.ErrorCode;

/**
 * One partition's DeleteRecords outcome: its log start offset after the request (Kafka's low watermark),
 * or the error and why (the low watermark then -1).
 */
public record DeletedRecords(long lowWatermark, ErrorCode error, String errorMessage) {
    static DeletedRecords failed(ErrorCode error, String message) {
        return new DeletedRecords(-1, error, message);
    }
}
