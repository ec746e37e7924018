package io.spate.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.function.Consumer;

/**
 * Splits a TCP byte stream into frames: {@code int32 size} then {@code size} bytes. Each complete
 * frame is delivered, without its size prefix, to the handler. For untrusted peers (see
 * {@link FrameSplitter}; {@link FrameAssembler} is the client's).
 *
 * <p>Memory follows what arrived, never what was announced: a frame that arrives whole inside one
 * chunk is delivered as a slice of that chunk (no copy); a frame split over chunks is copied into
 * one buffer of its own, which starts at the size of the first piece and grows by half as more
 * arrives (never past the announced size), so it holds at most about 1.5 times the bytes received
 * ({@link #heldBytes()}). A 2 GiB prefix followed by 10 bytes holds a few dozen bytes, and a stream
 * of one-byte TCP segments costs one byte each, not a buffer object per segment. A size below
 * {@link #MIN_FRAME_BYTES} (the smallest header) or above {@code maxFrameBytes} throws
 * {@link InvalidFrameException}; the parser then stays failed and every later {@link #feed} throws
 * the same exception, because the stream can no longer be trusted.
 *
 * <p>Buffer ownership: {@link #feed} neither takes over nor moves the caller's chunk (a frame sliced
 * from it is retained). The frame given to the handler is released when the handler returns: a
 * handler that keeps it, or slices of it, must {@code retain()} it. An exception thrown by the
 * handler propagates out of {@link #feed}; the bytes after that frame are kept (copied) and parsed
 * at the next feed. The handler may call {@link #release()}; delivery then stops.
 *
 * <p>Not thread-safe: one parser per connection, used on that connection's context only.
 */
public final class FrameParser implements FrameSplitter {
    /** The smallest frame: a response header with a null message (4 + 2 + 2 bytes). */
    public static final int MIN_FRAME_BYTES = 8;
    /** The broker's default {@code socket.request.max.bytes}. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 104_857_600;
    /** The smallest buffer a split frame starts with: small pieces need not reallocate at once. */
    private static final int MIN_PARTIAL_CAPACITY = 64;

    private static final int NO_FRAME = -1;

    private final int maxFrameBytes;
    private final Consumer<ByteBuf> handler;
    /** The size prefix read so far (big-endian), and how many of its 4 bytes arrived. */
    private int prefix;
    private int prefixBytes;
    /** The size of the frame being accumulated, or NO_FRAME while its prefix is incomplete. */
    private int frameSize = NO_FRAME;
    /** The bytes of a frame split over chunks, or null. */
    private ByteBuf partial;
    /** Bytes of a chunk whose parsing a throwing handler interrupted, or null. */
    private ByteBuf leftover;
    private boolean released;
    private InvalidFrameException failure;

    public FrameParser(int maxFrameBytes, Consumer<ByteBuf> handler) {
        if (maxFrameBytes < MIN_FRAME_BYTES) {
            throw new IllegalArgumentException("maxFrameBytes " + maxFrameBytes + " < " + MIN_FRAME_BYTES);
        }
        this.maxFrameBytes = maxFrameBytes;
        this.handler = handler;
    }

    /** Adds the readable bytes of {@code chunk} and delivers every frame they complete. */
    @Override
    public void feed(ByteBuf chunk) {
        if (failure != null) {
            throw failure;
        }
        if (released) {
            throw new IllegalStateException("frame parser already released");
        }
        if (leftover != null) {
            ByteBuf earlier = leftover;
            leftover = null;
            try {
                parse(earlier);
            } finally {
                earlier.release();
            }
        }
        parse(chunk.duplicate());
    }

    private void parse(ByteBuf in) {
        while (in.isReadable() && !released) {
            if (frameSize == NO_FRAME) {
                readPrefix(in);
                continue;
            }
            ByteBuf frame;
            if (partial == null && in.readableBytes() >= frameSize) {
                frame = in.retainedSlice(in.readerIndex(), frameSize);
                in.skipBytes(frameSize);
            } else {
                accumulate(in);
                if (partial.readableBytes() < frameSize) {
                    return;
                }
                frame = partial;
                partial = null;
            }
            frameSize = NO_FRAME;
            boolean delivered = false;
            try {
                handler.accept(frame);
                delivered = true;
            } finally {
                frame.release();
                if (!delivered && in.isReadable() && !released) {
                    leftover = ByteBufAllocator.DEFAULT.heapBuffer(in.readableBytes()).writeBytes(in);
                }
            }
        }
    }

    private void readPrefix(ByteBuf in) {
        while (prefixBytes < Frames.SIZE_PREFIX_BYTES && in.isReadable()) {
            prefix = (prefix << 8) | in.readUnsignedByte();
            prefixBytes++;
        }
        if (prefixBytes < Frames.SIZE_PREFIX_BYTES) {
            return;
        }
        int size = prefix;
        prefix = 0;
        prefixBytes = 0;
        if (size < MIN_FRAME_BYTES || size > maxFrameBytes) {
            failure = new InvalidFrameException(size, maxFrameBytes);
            release();
            throw failure;
        }
        frameSize = size;
    }

    /** Copies what {@code in} holds of the current frame into its own buffer, growing it by half at most. */
    private void accumulate(ByteBuf in) {
        int n = Math.min(in.readableBytes(), frameSize - (partial == null ? 0 : partial.readableBytes()));
        if (partial == null) {
            partial = ByteBufAllocator.DEFAULT.heapBuffer(Math.min(frameSize, Math.max(n, MIN_PARTIAL_CAPACITY)), frameSize);
        } else if (partial.writableBytes() < n) {
            int cap = partial.capacity();
            int wanted = partial.writerIndex() + n;
            partial.capacity((int) Math.min(frameSize, Math.max(wanted, (long) cap + cap / 2)));
        }
        partial.writeBytes(in, n);
    }

    /** Bytes received but not yet delivered (including a partial size prefix). */
    @Override
    public int bufferedBytes() {
        return prefixBytes + (partial == null ? 0 : partial.readableBytes())
                + (leftover == null ? 0 : leftover.readableBytes())
                + (frameSize == NO_FRAME ? 0 : Frames.SIZE_PREFIX_BYTES);
    }

    /** The memory this parser holds for bytes not yet delivered: the capacity of its buffers. */
    public int heldBytes() {
        return (partial == null ? 0 : partial.capacity()) + (leftover == null ? 0 : leftover.capacity());
    }

    /** Whether part of a frame (or of its size prefix) arrived and the rest has not. */
    public boolean hasPartialFrame() {
        return prefixBytes > 0 || frameSize != NO_FRAME || leftover != null;
    }

    @Override
    public boolean isFailed() {
        return failure != null;
    }

    /** Frees buffered bytes; call when the connection closes. Idempotent; {@link #feed} may not follow. */
    @Override
    public void release() {
        released = true;
        frameSize = NO_FRAME;
        prefixBytes = 0;
        if (partial != null) {
            partial.release();
            partial = null;
        }
        if (leftover != null) {
            leftover.release();
            leftover = null;
        }
    }
}
