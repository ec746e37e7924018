package io.spate.replication;

import io.spate.protocol.ErrorCode;

/** Where an acks=all write stands, as {@link LeaderReplicaState#ackStatus} sees it. */
public enum AckStatus {
    /** The high watermark has not reached the write yet: keep it waiting. */
    WAITING(ErrorCode.NONE),
    /** The high watermark passed the write (an ISR of at least min.insync.replicas holds it): acknowledge it. */
    ACKNOWLEDGED(ErrorCode.NONE),
    /** Every ISR member holds the write, but the ISR is smaller than min.insync.replicas: it is not committed. */
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
