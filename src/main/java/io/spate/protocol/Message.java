package io.spate.protocol;

import io.netty.buffer.ByteBuf;

/**
 * A request or response body of Spate's native protocol (docs/protocol.md). Every implementation is
 * an immutable record with a matching {@code static X readFrom(ByteBuf in)} that reads exactly what
 * {@link #writeTo} writes, or throws {@link MalformedMessageException}.
 */
public interface Message {
    /** Appends this message's wire form at {@code out}'s writer index. */
    void writeTo(ByteBuf out);

    /**
     * The version of its API this request is written in ({@link #writeTo}), sent in its header: 0
     * unless the request uses a later version's fields (docs/protocol.md, "Versions").
     */
    default short version() {
        return 0;
    }
}
