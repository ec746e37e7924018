package io.spate.broker;

import io.netty.buffer.ByteBuf;
import io.spate.protocol.Message;
import java.util.List;

/**
 * A response body and the buffers it refers to, which the connection releases once the response
 * is encoded. A null body means "send nothing" (produce with acks=0).
 */
record Reply(Message body, List<ByteBuf> owned) {
    static Reply of(Message body) {
        return new Reply(body, List.of());
    }

    static final Reply NONE = new Reply(null, List.of());

    void release() {
        owned.forEach(b -> {
            if (b.refCnt() > 0) {
                b.release();
            }
        });
    }
}
