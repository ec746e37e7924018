package io.spate.broker.wire;

/**
 * A request frame whose header cannot be read (or names nothing this protocol knows how to frame an
 * answer for): no answer can be addressed to it, so the connection is closed.
 */
public final class UnreadableRequestException extends RuntimeException {
    public UnreadableRequestException(String message) {
        super(message);
    }
}
