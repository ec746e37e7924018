package io.spate.broker.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.spate.transport.LoopContext;
import io.vertx.core.Future;
import java.util.List;

/**
 * What one protocol does with a request frame on a {@link RequestListener}'s connection: the native
 * protocol's {@link NativeFrames}, Kafka's in {@code io.spate.broker.kafka}. Called on the
 * connection's event-loop context.
 */
public interface FrameHandler {
    /**
     * Answers one request frame (its bytes after the size prefix). The frame stays readable until
     * the returned future completes; the connection releases it then.
     *
     * @throws UnreadableRequestException when the frame cannot be understood at all (its header is
     *         unreadable): the connection is closed, as a peer that sends such bytes cannot be trusted
     *         with the rest of the stream
     */
    Future<Answer> handle(ByteBuf frame, RequestScope scope);

    /** Where a request came from. */
    record RequestScope(LoopContext context, String clientHost, Future<Void> closed) {
    }

    /**
     * An answer ready to encode. Encoded on the connection's context, once, right before it is
     * written; holds no buffers until then, so an answer never written needs no release.
     */
    interface Answer {
        /** No response at all (produce with acks=0). */
        Answer NONE = (alloc, zeroCopy) -> List.of();

        /**
         * The whole response frame (size prefix included) as parts to write in order: {@link ByteBuf}s
         * and, with {@code zeroCopy}, file regions. The caller owns the parts.
         */
        List<Object> encode(ByteBufAllocator alloc, boolean zeroCopy);
    }
}
