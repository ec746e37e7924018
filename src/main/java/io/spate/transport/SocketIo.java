package io.spate.transport;

import io.netty.buffer.ByteBuf;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;

/**
 * Netty-level I/O on a Vert.x {@link NetSocket}, for the paths that must not copy: a socket's bytes
 * read as the Netty buffers they arrived in, and frames written as pooled {@link ByteBuf}s or
 * {@link io.netty.channel.FileRegion}s (sendfile) straight into the channel pipeline. The socket is
 * used as it is; nothing here allocates beyond the Vert.x call it makes.
 *
 * <p>Threading: as the socket's own methods (on the socket's context).
 */
public final class SocketIo {
    private SocketIo() {
    }

    /** The Netty buffer behind a Buffer the socket handed over, without a copy; valid while the handler runs. */
    public static ByteBuf byteBuf(Buffer buffer) {
        return ((BufferInternal) buffer).getByteBuf();
    }

    /** {@code buf} as a Buffer for {@link NetSocket#write(Object)}, without a copy; the write releases it. */
    public static Buffer buffer(ByteBuf buf) {
        return BufferInternal.buffer(buf);
    }

    /**
     * Writes a {@link ByteBuf} or a {@link io.netty.channel.FileRegion} to the socket's channel as it
     * is; Netty releases it once written (or failed). Messages go out in the order written.
     */
    public static Future<Void> writeMessage(NetSocket socket, Object message) {
        return ((NetSocketInternal) socket).writeMessage(message);
    }

    /**
     * Reads the socket's messages as Netty delivers them (read {@link ByteBuf}s, not Vert.x Buffers),
     * replacing its {@link NetSocket#handler}. The handler owns each message and must release it; a
     * socket read this way must not be paused, or messages wait in Vert.x's queue unreleased.
     */
    public static void messageHandler(NetSocket socket, Handler<Object> handler) {
        ((NetSocketInternal) socket).messageHandler(handler);
    }

    /**
     * Stops or restarts reading the socket at the channel: with {@code reading} false no more bytes
     * are read from the kernel after the chunk being handled, so nothing piles up in memory (unlike
     * {@link NetSocket#pause()}, which keeps reading into a queue before it stops). A socket not
     * read meanwhile does not notice that its peer closed.
     */
    public static void setReading(NetSocket socket, boolean reading) {
        ((NetSocketInternal) socket).channelHandlerContext().channel().config().setAutoRead(reading);
    }
}
