package io.spate.replication;

import io.spate.protocol.ErrorCode;

/** Where an acks=all write stands, as {@link LeaderReplicaState#ackStatus} sees it. */
public enum AckStatus {
    /** The high watermark has not reached the write yet: keep it waiting. */
    WAITING(ErrorCode.NONE),
    /** Every ISR member has the write and the ISR is at least min.insync.replicas: acknowledge it. */
    ACKNOWLEDGED(ErrorCode.NONE),
    /** The write is below the high watermark but the ISR has shrunk below min.insync.replicas. */
    NOT_ENOUGH_REPLICAS_AFTER_APPEND(ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND);

    private final ErrorCode error;

    AckStatus(ErrorCode error) {
        this.error = error;
    }

    /** The produce error to answer with (NONE for the first two). */
    public ErrorCode error() {
        return error;
    }
}
