package io.spate.log;

/**
 * A read or lookup asked for an offset outside {@code [logStartOffset, logEndOffset]}. Carries the
 * valid range so the broker can answer {@code OFFSET_OUT_OF_RANGE} with it and the consumer can reset.
 */
public final class OffsetOutOfRangeException extends RuntimeException {
    private final long requestedOffset;
    private final long logStartOffset;
    private final long logEndOffset;

    public OffsetOutOfRangeException(long requestedOffset, long logStartOffset, long logEndOffset) {
        super("offset " + requestedOffset + " is out of range [" + logStartOffset + ", " + logEndOffset + "]");
        this.requestedOffset = requestedOffset;
        this.logStartOffset = logStartOffset;
        this.logEndOffset = logEndOffset;
    }

    public long requestedOffset() {
        return requestedOffset;
    }

    public long logStartOffset() {
        return logStartOffset;
    }

    public long logEndOffset() {
        return logEndOffset;
    }
}
