package io.spate.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.function.Consumer;

/**
 * A {@link FrameSplitter} for a peer whose announced sizes are trusted up to {@code maxFrameBytes}
 * (a client reading its broker's responses): as soon as a frame's size prefix is complete, a buffer
 * of that size is taken and every chunk's bytes are copied into it as they arrive, so the chunk can
 * go back to Netty's pool at once and a frame costs exactly one copy, however many reads it spans.
 *
 * <p>The buffer of a delivered frame that no handler retained is kept (up to
 * {@link #MAX_KEPT_BYTES}) and filled again by the next frame that fits: a connection receiving
 * fetch responses of megabytes allocates no new buffer per response.
 *
 * <p>Not thread-safe: one per connection, used on that connection's context only.
 */
public final class FrameAssembler implements FrameSplitter {
    /** The largest delivered buffer kept for reuse; bigger ones go back to the allocator. */
    public static final int MAX_KEPT_BYTES = 64 << 20;

    private final int maxFrameBytes;
    private final Consumer<ByteBuf> handler;
    /** Bytes of the size prefix read so far (0..4) and their value. */
    private int prefixBytes;
    private int frameSize;
    /** The frame being filled (capacity >= frameSize), or null while its prefix is incomplete. */
    private ByteBuf frame;
    /** A delivered frame's buffer nobody else holds, for the next frame that fits; may be null. */
    private ByteBuf kept;
    private InvalidFrameException failure;
    private boolean released;

    public FrameAssembler(int maxFrameBytes, Consumer<ByteBuf> handler) {
        if (maxFrameBytes < FrameParser.MIN_FRAME_BYTES) {
            throw new IllegalArgumentException("maxFrameBytes " + maxFrameBytes + " < " + FrameParser.MIN_FRAME_BYTES);
        }
        this.maxFrameBytes = maxFrameBytes;
        this.handler = handler;
    }

    @Override
    public void feed(ByteBuf chunk) {
        if (failure != null) {
            throw failure;
        }
        if (released) {
            throw new IllegalStateException("frame assembler already released");
        }
        int index = chunk.readerIndex();
        int end = chunk.writerIndex();
        while (index < end && !released) {
            if (frame == null) {
                while (prefixBytes < Frames.SIZE_PREFIX_BYTES && index < end) {
                    frameSize = frameSize << 8 | chunk.getUnsignedByte(index++);
                    prefixBytes++;
                }
                if (prefixBytes < Frames.SIZE_PREFIX_BYTES) {
                    return;
                }
                if (frameSize < FrameParser.MIN_FRAME_BYTES || frameSize > maxFrameBytes) {
                    failure = new InvalidFrameException(frameSize, maxFrameBytes);
                    release();
                    throw failure;
                }
                frame = bufferFor(frameSize);
            }
            int n = Math.min(end - index, frameSize - frame.writerIndex());
            frame.writeBytes(chunk, index, n);
            index += n;
            if (frame.writerIndex() == frameSize) {
                deliver();
            }
        }
    }

    private ByteBuf bufferFor(int size) {
        if (kept != null && kept.capacity() >= size) {
            ByteBuf b = kept;
            kept = null;
            return b.clear();
        }
        return ByteBufAllocator.DEFAULT.heapBuffer(size, size);
    }

    private void deliver() {
        ByteBuf f = frame;
        frame = null;
        prefixBytes = 0;
        frameSize = 0;
        f.retain(); // this assembler's own reference, to tell afterwards whether the handler kept one
        try {
            handler.accept(f);
        } finally {
            f.release();
            if (f.refCnt() == 1 && !released && f.capacity() <= MAX_KEPT_BYTES
                    && (kept == null || kept.capacity() < f.capacity())) {
                if (kept != null) {
                    kept.release();
                }
                kept = f;
            } else {
                f.release();
            }
        }
    }

    @Override
    public int bufferedBytes() {
        return frame == null ? prefixBytes : Frames.SIZE_PREFIX_BYTES + frame.writerIndex();
    }

    @Override
    public boolean isFailed() {
        return failure != null;
    }

    @Override
    public void release() {
        if (released) {
            return;
        }
        released = true;
        if (frame != null) {
            frame.release();
            frame = null;
        }
        if (kept != null) {
            kept.release();
            kept = null;
        }
    }
}
