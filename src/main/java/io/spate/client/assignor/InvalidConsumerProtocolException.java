package io.spate.client.assignor;

/**
 * Bytes that are not a valid consumer-protocol subscription or assignment: they end early, carry a
 * negative version, a negative count or length other than the nullable -1, or a null where the
 * layout allows none. Carries which structure failed and the byte position.
 */
public final class InvalidConsumerProtocolException extends RuntimeException {
    private final String structure;
    private final int position;

    /**
     * {@code structure} is "subscription" or "assignment"; {@code position} the offset from the start
     * of its bytes at which decoding failed.
     */
    public InvalidConsumerProtocolException(String structure, String message, int position) {
        super("invalid consumer protocol " + structure + ": " + message + " (at byte " + position + ")");
        this.structure = structure;
        this.position = position;
    }

    /** "subscription" or "assignment". */
    public String structure() {
        return structure;
    }

    /** Offset from the start of the structure's bytes at which decoding failed. */
    public int position() {
        return position;
    }
}
