package io.spate.record;

/**
 * A produce payload failed {@link BatchValidator}: says why ({@link #reason()}), at which batch
 * ({@link #batchPosition()}, the absolute buffer position where that batch starts), and in its
 * message what exactly is wrong.
 */
public final class InvalidBatchException extends RuntimeException {
    /** The failure classes, one per wire error code the broker answers with. */
    public enum Reason {
        /** Bad framing, magic, CRC, codec, compressed data or record structure: CORRUPT_MESSAGE. */
        CORRUPT,
        /**
         * A record count that disagrees with the records (or with lastOffsetDelta), or a control
         * batch, which only the broker may write: INVALID_RECORD.
         */
        INVALID_RECORD,
        /** A batch is larger than allowed, or decompresses to more than allowed: MESSAGE_TOO_LARGE. */
        TOO_LARGE
    }

    private final Reason reason;
    private final int batchPosition;

    public InvalidBatchException(Reason reason, int batchPosition, String detail) {
        this(reason, batchPosition, detail, null);
    }

    public InvalidBatchException(Reason reason, int batchPosition, String detail, Throwable cause) {
        super("invalid batch at position " + batchPosition + " (" + reason + "): " + detail, cause);
        this.reason = reason;
        this.batchPosition = batchPosition;
    }

    public Reason reason() {
        return reason;
    }

    public int batchPosition() {
        return batchPosition;
    }
}
