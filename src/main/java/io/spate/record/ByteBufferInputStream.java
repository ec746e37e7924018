package io.spate.record;

import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * An {@link InputStream} over the bytes between a buffer's position and limit at construction time.
 * Reads a private duplicate, so the caller's buffer never moves. Works for heap and direct buffers.
 */
final class ByteBufferInputStream extends InputStream {
    private final ByteBuffer buffer;

    ByteBufferInputStream(ByteBuffer source) {
        this.buffer = source.duplicate();
    }

    @Override
    public int read() {
        return buffer.hasRemaining() ? buffer.get() & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        int n = Math.min(len, buffer.remaining());
        if (n == 0) {
            return -1;
        }
        buffer.get(b, off, n);
        return n;
    }

    @Override
    public long skip(long n) {
        int skipped = (int) Math.max(0, Math.min(n, buffer.remaining()));
        buffer.position(buffer.position() + skipped);
        return skipped;
    }

    @Override
    public int available() {
        return buffer.remaining();
    }
}
