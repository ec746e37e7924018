package io.spate.group;

import io.spate.protocol.ErrorCode;

/** The answer to a SyncGroup: the member's assignment (0 bytes on error). */
public record SyncResult(ErrorCode error, String errorMessage, String protocolType, String protocolName,
                         byte[] assignment) {
    private static final byte[] NO_ASSIGNMENT = new byte[0];

    public static SyncResult error(ErrorCode error, String message) {
        return new SyncResult(error, message, null, null, NO_ASSIGNMENT);
    }

    public static SyncResult error(ErrorCode error) {
        return error(error, null);
    }
}
