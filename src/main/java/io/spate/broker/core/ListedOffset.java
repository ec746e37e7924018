package io.spate.broker.core;

import io.spate.protocol.ErrorCode;

/**
 * The answer to one ListOffsets lookup: the offset (-1 if no record is that new) and, for a lookup by
 * time, the found record's timestamp (-1 for earliest and latest, and when none is found).
 */
public record ListedOffset(ErrorCode error, String errorMessage, long timestamp, long offset) {
    public static ListedOffset failed(ErrorCode error, String message) {
        return new ListedOffset(error, message, -1, -1);
    }
}
