package io.spate.protocol;

/**
 * A message body or header that cannot be decoded: it ends early, or carries a negative or
 * impossible count or length, or a value outside its domain. The broker answers it with
 * {@link ErrorCode#INVALID_REQUEST}; the connection stays usable because the frame boundary is intact.
 */
public final class MalformedMessageException extends RuntimeException {
    private final int position;

    /** {@code position} is the reader index at which decoding failed. */
    public MalformedMessageException(String message, int position) {
        super(message + " (at byte " + position + ")");
        this.position = position;
    }

    /** The reader index in the frame at which decoding failed. */
    public int position() {
        return position;
    }
}
