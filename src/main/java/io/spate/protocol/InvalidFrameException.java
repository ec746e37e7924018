package io.spate.protocol;

/**
 * A frame size prefix that cannot be trusted (below {@link FrameParser#MIN_FRAME_BYTES} or above
 * the parser's maximum): the byte stream is out of sync, so the connection must be closed without
 * an answer.
 */
public final class InvalidFrameException extends RuntimeException {
    private final int size;

    public InvalidFrameException(int size, int maxFrameBytes) {
        super("invalid frame size " + size + " (allowed " + FrameParser.MIN_FRAME_BYTES + ".." + maxFrameBytes + ")");
        this.size = size;
    }

    /** The size prefix read from the stream. */
    public int size() {
        return size;
    }
}
