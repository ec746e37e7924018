package io.spate.cluster.raft;

/**
 * Bytes that {@link RaftCodec} cannot decode: an unknown format version or type, a truncated
 * input or bytes left over after the value, a length or count that is negative or larger than
 * the input can hold, or a field outside its domain (a negative term, index or node id, a
 * snapshot chunk index past its count, an image that is not one). The one failure a decoder
 * throws, whatever the input; nothing is decoded halfway.
 */
public final class RaftCodecException extends RuntimeException {
    public RaftCodecException(String message, Throwable cause) {
        super(message, cause);
    }

    public RaftCodecException(String message) {
        super(message);
    }
}
