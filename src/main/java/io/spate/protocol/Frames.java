package io.spate.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Encodes whole frames: {@code int32 size} (the bytes that follow), then the header, then the body.
 * The returned buffer belongs to the caller (release it, or hand it to a transport that does).
 * Stateless; any thread.
 */
public final class Frames {
    /** Bytes of the size prefix. */
    public static final int SIZE_PREFIX_BYTES = 4;

    private Frames() {
    }

    public static ByteBuf encodeRequest(ByteBufAllocator alloc, RequestHeader header, Message body) {
        return encode(alloc, header, body);
    }

    /** {@code bodyOrNull} is null for a request-level error, whose body is empty. */
    public static ByteBuf encodeResponse(ByteBufAllocator alloc, ResponseHeader header, Message bodyOrNull) {
        return encode(alloc, header, bodyOrNull);
    }

    private static ByteBuf encode(ByteBufAllocator alloc, Message header, Message body) {
        ByteBuf out = alloc.buffer();
        try {
            out.writeInt(0);
            header.writeTo(out);
            if (body != null) {
                body.writeTo(out);
            }
            out.setInt(0, out.readableBytes() - SIZE_PREFIX_BYTES);
            return out;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }
}
