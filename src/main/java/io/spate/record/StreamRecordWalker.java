package io.spate.record;

import java.io.IOException;
import java.io.InputStream;

/** Walks a decompressing stream through a chunk buffer; fails once the output passes a bound. */
final class StreamRecordWalker extends RecordWalker {
    static final int CHUNK_BYTES = 16 * 1024;

    private final InputStream in;
    private final long maxBytes;
    private final String codec;
    private final byte[] chunk = new byte[CHUNK_BYTES];
    private int pos;
    private int lim;
    private long before; // bytes consumed before the current chunk

    StreamRecordWalker(InputStream in, long maxBytes, String codec) {
        this.in = in;
        this.maxBytes = maxBytes;
        this.codec = codec;
    }

    /** Makes at least one byte available; false at the end of the stream. */
    private boolean fill() throws IOException {
        if (pos < lim) {
            return true;
        }
        before += lim;
        pos = 0;
        lim = 0;
        int n = in.read(chunk, 0, chunk.length);
        if (n <= 0) {
            // a stream that returns 0 for a non-empty read is broken: treat it as the end
            return false;
        }
        lim = n;
        if (before + lim > maxBytes) {
            throw new DecompressionLimitException(codec, maxBytes);
        }
        return true;
    }

    @Override
    int read() throws IOException {
        return fill() ? chunk[pos++] & 0xff : -1;
    }

    @Override
    boolean skip(int n) throws IOException {
        while (n > 0) {
            if (!fill()) {
                return false;
            }
            int k = Math.min(n, lim - pos);
            pos += k;
            n -= k;
        }
        return true;
    }

    @Override
    boolean hasMore() throws IOException {
        return fill();
    }

    @Override
    long consumed() {
        return before + pos;
    }
}
