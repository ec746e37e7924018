package io.spate.protocol;

import io.netty.buffer.ByteBuf;

/**
 * Splits a TCP byte stream into frames ({@code int32 size} then {@code size} bytes) and hands each
 * complete frame, without its size prefix, to a handler. {@link FrameParser} never trusts an
 * announced size (a broker reading clients); {@link FrameAssembler} allocates it up front and
 * reuses its buffer (a client reading its broker).
 *
 * <p>Common contract: {@link #feed} never takes over or moves the caller's chunk, which the caller
 * releases as usual. A size below {@link FrameParser#MIN_FRAME_BYTES} or above the maximum throws
 * {@link InvalidFrameException}, and every later feed throws it again. The frame given to the
 * handler is released when the handler returns: a handler that keeps it, or slices of it, must
 * {@code retain()} it. The handler may call {@link #release()}; delivery then stops.
 *
 * <p>Not thread-safe: one per connection, used on that connection's context only.
 */
public interface FrameSplitter {
    /** Adds the readable bytes of {@code chunk} and delivers every frame they complete. */
    void feed(ByteBuf chunk);

    /** Bytes received but not yet delivered (including a partial size prefix). */
    int bufferedBytes();

    boolean isFailed();

    /** Frees buffered bytes; call when the connection closes. Idempotent; {@link #feed} may not follow. */
    void release();
}
