package io.spate.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.function.Consumer;

/**
 * Splits a TCP byte stream into frames: {@code int32 size} then {@code size} bytes. Each complete
 * frame is delivered, without its size prefix, to the handler. For untrusted peers (see
 * {@link FrameSplitter}; {@link FrameAssembler} is the client's).
 *
 * <p>Bytes are accumulated in a composite buffer as they arrive, so memory grows with the bytes
 * actually received, never with the announced size (a 2 GiB prefix allocates nothing up front). A
 * size below {@link #MIN_FRAME_BYTES} (the smallest header) or above {@code maxFrameBytes} throws
 * {@link InvalidFrameException}; the parser then stays failed and every later {@link #feed} throws
 * the same exception, because the stream can no longer be trusted.
 *
 * <p>Buffer ownership: {@link #feed} does not take over the caller's chunk (it keeps a retained
 * slice of it, so the caller releases its chunk as usual). The frame given to the handler is
 * released when the handler returns: a handler that keeps it, or slices of it, must
 * {@code retain()} it. An exception thrown by the handler propagates out of {@link #feed}; frames
 * after it stay buffered until the next feed. The handler may call {@link #release()}; delivery
 * then stops.
 *
 * <p>Not thread-safe: one parser per connection, used on that connection's context only.
 */
public final class FrameParser implements FrameSplitter {
    /** The smallest frame: a response header with a null message (4 + 2 + 2 bytes). */
    public static final int MIN_FRAME_BYTES = 8;
    /** The broker's default {@code socket.request.max.bytes}. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 104_857_600;

    private static final int NO_FRAME = -1;

    private final int maxFrameBytes;
    private final Consumer<ByteBuf> handler;
    private final CompositeByteBuf pending = Unpooled.compositeBuffer(Integer.MAX_VALUE);
    /** The size of the frame being accumulated, or NO_FRAME while its prefix is incomplete. */
    private int frameSize = NO_FRAME;
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
        if (pending.refCnt() == 0) {
            throw new IllegalStateException("frame parser already released");
        }
        if (chunk.isReadable()) {
            pending.addComponent(true, chunk.retainedSlice());
        }
        // the handler may release the parser (its connection closed): stop then
        while (pending.refCnt() > 0) {
            if (frameSize == NO_FRAME) {
                if (pending.readableBytes() < Frames.SIZE_PREFIX_BYTES) {
                    break;
                }
                int size = pending.readInt();
                if (size < MIN_FRAME_BYTES || size > maxFrameBytes) {
                    failure = new InvalidFrameException(size, maxFrameBytes);
                    release();
                    throw failure;
                }
                frameSize = size;
            }
            if (pending.readableBytes() < frameSize) {
                break;
            }
            ByteBuf frame = takeFrame(frameSize);
            frameSize = NO_FRAME;
            try {
                handler.accept(frame);
            } finally {
                frame.release();
            }
        }
    }

    /**
     * Detaches the next {@code size} bytes from the accumulator as an independent buffer: a retained
     * slice of the one chunk that holds them all (no copy), or a contiguous copy when they span chunks
     * (so a frame is always one contiguous buffer and its {@code nioBuffer()} is free).
     */
    private ByteBuf takeFrame(int size) {
        List<ByteBuf> parts = pending.decompose(pending.readerIndex(), size);
        ByteBuf frame;
        if (parts.size() == 1) {
            frame = parts.get(0).retain();
            pending.skipBytes(size);
        } else {
            frame = ByteBufAllocator.DEFAULT.heapBuffer(size, size);
            pending.readBytes(frame, size);
        }
        pending.discardReadComponents();
        return frame;
    }

    /** Bytes received but not yet delivered (including a partial size prefix). */
    @Override
    public int bufferedBytes() {
        return pending.readableBytes() + (frameSize == NO_FRAME ? 0 : Frames.SIZE_PREFIX_BYTES);
    }

    @Override
    public boolean isFailed() {
        return failure != null;
    }

    /** Frees buffered bytes; call when the connection closes. Idempotent; {@link #feed} may not follow. */
    @Override
    public void release() {
        if (pending.refCnt() > 0) {
            pending.release();
        }
    }
}
