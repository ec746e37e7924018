package io.spate.record;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Wraps a decompressing stream so that every failure on malformed input is an IOException: lz4-java
 * and zstd-jni report some corrupt data with unchecked exceptions ({@code LZ4Exception},
 * {@code ZstdException}), which callers would otherwise mistake for programming errors.
 */
final class CheckedInputStream extends FilterInputStream {
    private final String codec;

    CheckedInputStream(InputStream in, String codec) {
        super(in);
        this.codec = codec;
    }

    @Override
    public int read() throws IOException {
        try {
            return super.read();
        } catch (RuntimeException e) {
            throw malformed(e);
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            return super.read(b, off, len);
        } catch (RuntimeException e) {
            throw malformed(e);
        }
    }

    @Override
    public long skip(long n) throws IOException {
        try {
            return super.skip(n);
        } catch (RuntimeException e) {
            throw malformed(e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            super.close();
        } catch (RuntimeException e) {
            throw malformed(e);
        }
    }

    IOException malformed(RuntimeException e) {
        return new IOException("malformed " + codec + " data: " + e, e);
    }
}
