package io.spate.record;

import java.nio.ByteBuffer;

/** Walks a region of a buffer by absolute index; never moves the buffer. */
final class BufferRecordWalker extends RecordWalker {
    private final ByteBuffer buf;
    private int start;
    private int pos;
    private int end;

    BufferRecordWalker(ByteBuffer buf) {
        this.buf = buf;
    }

    /** Points the walker at {@code [start, end)}. */
    BufferRecordWalker region(int start, int end) {
        this.start = start;
        this.pos = start;
        this.end = end;
        return this;
    }

    @Override
    int read() {
        return pos < end ? buf.get(pos++) & 0xff : -1;
    }

    @Override
    boolean skip(int n) {
        if (n > end - pos) {
            pos = end;
            return false;
        }
        pos += n;
        return true;
    }

    @Override
    boolean hasMore() {
        return pos < end;
    }

    @Override
    long consumed() {
        return pos - start;
    }
}
